using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// Completes -Scope of New-DgDistributionCredential with every scope Deepgram documents, in
    /// the current <c>self-hosted:</c> form and the older <c>onprem:</c> form.
    /// </summary>
    public sealed class ScopeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = CompletionText.Unquote(wordToComplete);
            foreach (string scope in ScopeNames.All())
            {
                if (scope.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    string tooltip = scope.EndsWith(":products", StringComparison.Ordinal)
                        ? "Every self-hosted product"
                        : "The " + scope.Substring(scope.LastIndexOf(':') + 1) + " product only";
                    yield return new CompletionResult(CompletionText.Quote(scope, wordToComplete), scope, CompletionResultType.ParameterValue, tooltip);
                }
            }
        }
    }

    /// <summary>
    /// Completes -ProjectId with the projects that the current key can see, listed by name. It
    /// finds the key and address as the cmdlets do and requests the project list with a short
    /// timeout. On any failure it offers nothing and writes nothing, because completion must not
    /// print errors.
    /// </summary>
    public sealed class ProjectIdCompleter : IArgumentCompleter
    {
        /// <summary>Limit on the whole lookup, after which the completer gives up and offers nothing.</summary>
        internal static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(3);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IReadOnlyList<ProjectInfo> projects;
            try
            {
                CompletionTarget? target = CompletionTarget.Resolve(
                    BoundValue(fakeBoundParameters, "ApiKey"), BoundValue(fakeBoundParameters, "BaseUri"), ConnectionStore.Current, Environment.GetEnvironmentVariable);
                if (target == null)
                {
                    return Array.Empty<CompletionResult>();
                }

                var options = new DeepgramClientOptions(target.ApiKey)
                {
                    BaseAddress = target.BaseUri,
                    Timeout = LookupTimeout,
                    RetryPolicy = RetryPolicy.None,
                };
                var client = new DeepgramClient(options);
                var cancellation = new CancellationTokenSource(LookupTimeout);
                Task<IReadOnlyList<ProjectInfo>> lookup = Task.Run(() => client.ListProjectsAsync(cancellation.Token));

                // The wait has its own limit, because a step that ignores the token, such as a
                // DNS lookup on .NET Framework, must not hold the prompt.
                if (!lookup.Wait(LookupTimeout))
                {
                    lookup.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                    return Array.Empty<CompletionResult>();
                }

                projects = lookup.Result;
            }
            catch (Exception)
            {
                // Any failure (no key, bad address, network, timeout, rejected key) means no suggestions.
                return Array.Empty<CompletionResult>();
            }

            return Complete(projects, wordToComplete);
        }

        /// <summary>Returns a typed parameter's value, unwrapped, with a PSCredential reduced to its password as -ApiKey takes it.</summary>
        private static object? BoundValue(IDictionary? fakeBoundParameters, string name)
        {
            if (fakeBoundParameters == null || !fakeBoundParameters.Contains(name))
            {
                return null;
            }

            object? value = fakeBoundParameters[name];
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            return value is PSCredential credential ? credential.Password : value;
        }

        /// <summary>Returns a completion for each project that <see cref="CompletionText.FilterProjects"/> keeps; the completion text is the id.</summary>
        internal static IEnumerable<CompletionResult> Complete(IEnumerable<ProjectInfo> projects, string wordToComplete) =>
            CompletionText.FilterProjects(projects, wordToComplete)
                .Select(p =>
                {
                    string id = p.ProjectId.ToString("D");
                    string name = string.IsNullOrEmpty(p.Name) ? id : p.Name;
                    return new CompletionResult(CompletionText.Quote(id, wordToComplete), name, CompletionResultType.ParameterValue, name + " (" + id + ")");
                })
                .ToList();
    }

    /// <summary>The scope strings Deepgram documents for distribution credentials.</summary>
    internal static class ScopeNames
    {
        /// <summary>Product names that follow <c>product:</c> in a scope.</summary>
        public static readonly string[] Products = { "api", "engine", "license-proxy", "billing", "hotpepper", "metrics-server", "dgtools" };

        /// <summary>Every scope, the self-hosted family first.</summary>
        public static IEnumerable<string> All()
        {
            foreach (string family in new[] { "self-hosted", "onprem" })
            {
                yield return family + ":products";
                foreach (string product in Products)
                {
                    yield return family + ":product:" + product;
                }
            }
        }
    }

    /// <summary>
    /// The key and address a completer may call, found in the cmdlets' order: the parameters
    /// typed so far, then the runspace's Connect-DgAccount, then DEEPGRAM_API_KEY and
    /// DEEPGRAM_HOST, then https://api.deepgram.com. It uses no PowerShell types, so it can be
    /// unit-tested.
    /// </summary>
    internal sealed class CompletionTarget
    {
        private CompletionTarget(string apiKey, Uri baseUri)
        {
            ApiKey = apiKey;
            BaseUri = baseUri;
        }

        public string ApiKey { get; }

        public Uri BaseUri { get; }

        /// <summary>
        /// Returns the target, or null when no key is found or the address is one the cmdlets
        /// would reject: not http(s), or plain http to a host that is not loopback.
        /// </summary>
        public static CompletionTarget? Resolve(object? boundKey, object? boundBaseUri, StoredConnection? session, Func<string, string?> getVariable)
        {
            string? key = ReadKey(boundKey);
            if (key == null && session != null)
            {
                key = SecretConversion.ToPlainText(session.ApiKey);
            }

            if (string.IsNullOrWhiteSpace(key))
            {
                key = getVariable(DgApiCmdlet.ApiKeyVariable);
            }

            if (string.IsNullOrWhiteSpace(key))
            {
                return null;
            }

            Uri baseUri = ReadUri(boundBaseUri) ?? session?.BaseUri ?? ReadUri(HostVariable(getVariable)) ?? DeepgramClientOptions.DefaultBaseAddress;
            if (!IsAllowed(baseUri))
            {
                return null;
            }

            return new CompletionTarget(key!.Trim(), baseUri);
        }

        /// <summary>The same rule as the cmdlets: https anywhere, plain http only to loopback.</summary>
        internal static bool IsAllowed(Uri baseUri) =>
            baseUri.IsAbsoluteUri
            && (baseUri.Scheme == Uri.UriSchemeHttps || (baseUri.Scheme == Uri.UriSchemeHttp && baseUri.IsLoopback));

        private static string? ReadKey(object? value)
        {
            switch (value)
            {
                case SecureString secure:
                    return SecretConversion.ToPlainText(secure);
                case string text when !string.IsNullOrWhiteSpace(text):
                    return text;
                default:
                    return null;
            }
        }

        private static Uri? ReadUri(object? value)
        {
            switch (value)
            {
                case Uri uri:
                    return uri;
                case string text when !string.IsNullOrWhiteSpace(text):
                    return Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? parsed) ? parsed : null;
                default:
                    return null;
            }
        }

        /// <summary>Reads DEEPGRAM_HOST, where a bare host name means https, as in the cmdlets.</summary>
        private static string? HostVariable(Func<string, string?> getVariable)
        {
            string? value = getVariable(DgApiCmdlet.HostVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            string text = value!.Trim();
            return text.Contains("://") ? text : "https://" + text;
        }
    }

    /// <summary>Matching and quoting helpers for completions, free of PowerShell types so they can be unit-tested.</summary>
    internal static class CompletionText
    {
        /// <summary>
        /// Keeps the projects whose id or name starts with the typed text, ignoring case and any
        /// opening quote, sorted by name. Matching names lets a user type a name and get its id.
        /// </summary>
        public static IEnumerable<ProjectInfo> FilterProjects(IEnumerable<ProjectInfo> projects, string? wordToComplete)
        {
            string typed = Unquote(wordToComplete);
            return projects
                .Where(p => p.ProjectId.ToString("D").StartsWith(typed, StringComparison.OrdinalIgnoreCase)
                    || (p.Name ?? string.Empty).StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase);
        }

        public static string Unquote(string? word)
        {
            string text = word ?? string.Empty;
            if (text.Length > 0 && (text[0] == '\'' || text[0] == '"'))
            {
                text = text.Substring(1);
                if (text.Length > 0 && text[text.Length - 1] == word![0])
                {
                    text = text.Substring(0, text.Length - 1);
                }
            }

            return text;
        }

        /// <summary>Quotes the value the way the typed word started, or not at all when it was bare.</summary>
        public static string Quote(string value, string? word)
        {
            if (!string.IsNullOrEmpty(word) && (word![0] == '\'' || word[0] == '"'))
            {
                return word[0] + value + word[0];
            }

            return value;
        }
    }
}
