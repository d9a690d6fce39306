using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace DeepgramOnPrem.Registry
{
    /// <summary>What a successful login printed.</summary>
    internal sealed class LoginOutcome
    {
        public LoginOutcome(IReadOnlyList<ToolNotice> notices)
        {
            Notices = notices;
        }

        public IReadOnlyList<ToolNotice> Notices { get; }
    }

    /// <summary>Whether a logout removed a stored login.</summary>
    internal enum LogoutResult
    {
        Removed,
        NotLoggedIn,

        /// <summary>The tool succeeded but its login store could not be read to compare.</summary>
        Unknown,
    }

    internal sealed class LogoutOutcome
    {
        public LogoutOutcome(LogoutResult result, IReadOnlyList<ToolNotice> notices, string? loginInOtherCase = null)
        {
            Result = result;
            Notices = notices;
            LoginInOtherCase = loginInOtherCase;
        }

        public LogoutResult Result { get; }

        public IReadOnlyList<ToolNotice> Notices { get; }

        /// <summary>
        /// The Docker config.json key of a login that the logout left in place because it differs
        /// from the registry name only in letter case, such as <c>QUAY.IO</c>, or null.
        /// </summary>
        public string? LoginInOtherCase { get; }
    }

    /// <summary>
    /// Runs <c>docker login</c>, <c>podman login</c> and their logouts. The secret reaches the
    /// tool only on standard input. <see cref="ConfigPath"/> reaches it only through the child's
    /// DOCKER_CONFIG or REGISTRY_AUTH_FILE variable.
    /// </summary>
    internal sealed class ContainerToolClient
    {
        /// <summary>
        /// Default time a login or logout may take. docker login tries https and then http, each
        /// with its own connection timeout, so this leaves room for a slow registry.
        /// </summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

        /// <summary>The variable that may contain a Deepgram API key, removed from the tool's environment.</summary>
        internal const string ApiKeyVariable = "DEEPGRAM_API_KEY";

        private readonly Func<string, string?> _getEnvironmentVariable;

        /// <summary>
        /// Sets up runs of the tool at <paramref name="executablePath"/> (a full path, from
        /// <see cref="ToolLocator.Resolve"/>) with <paramref name="configPath"/>, a Docker config
        /// folder or a Podman auth file, or null for the tool's default.
        /// </summary>
        public ContainerToolClient(ContainerTool tool, string executablePath, string? configPath, TimeSpan timeout, Func<string, string?>? getEnvironmentVariable = null)
        {
            Tool = tool;
            ExecutablePath = executablePath;
            ConfigPath = string.IsNullOrEmpty(configPath) ? null : configPath;
            Timeout = timeout;
            _getEnvironmentVariable = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        }

        public ContainerTool Tool { get; }

        public string ExecutablePath { get; }

        public string? ConfigPath { get; }

        public TimeSpan Timeout { get; }

        /// <summary>
        /// Returns <c>login &lt;registry&gt; --username &lt;user&gt; --password-stdin</c>, with
        /// <c>--tls-verify=false</c> added for Podman and a loopback registry, which serves plain HTTP in tests
        /// and demos. Docker reaches loopback registries over HTTP without a flag.
        /// </summary>
        public IReadOnlyList<string> LoginArguments(string registry, string userName)
        {
            var arguments = new List<string> { "login", registry, "--username", userName, "--password-stdin" };
            if (Tool == ContainerTool.Podman && RegistryAddress.IsLoopback(registry))
            {
                arguments.Add("--tls-verify=false");
            }

            return arguments;
        }

        public IReadOnlyList<string> LogoutArguments(string registry) => new[] { "logout", registry };

        /// <summary>Returns the command as a user could type it, for verbose output. It never contains the secret.</summary>
        public string Describe(IReadOnlyList<string> arguments)
        {
            string command = CommandLine.Quote(ExecutablePath) + " " + CommandLine.Join(arguments);
            return ConfigPath == null ? command : Tool.ConfigVariable() + "=" + CommandLine.Quote(ConfigPath) + " " + command;
        }

        /// <summary>Logs the tool in, writing <paramref name="secret"/> (UTF-8, which the caller clears) to its standard input.</summary>
        /// <exception cref="ArgumentException"><paramref name="userName"/> is empty or only whitespace.</exception>
        /// <exception cref="ContainerToolException">The tool could not start, timed out, or exited with a non-zero code.</exception>
        public async Task<LoginOutcome> LoginAsync(string registry, string userName, byte[] secret, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(userName))
            {
                // docker login would prompt for a user name and then wait until the timeout.
                throw new ArgumentException("The user name is empty or only whitespace.", nameof(userName));
            }

            IReadOnlyList<string> arguments = LoginArguments(registry, userName);
            ToolRunResult result = await RunAsync(arguments, secret, cancellationToken).ConfigureAwait(false);
            if (result.TimedOut)
            {
                throw TimedOut("login", result);
            }

            if (result.ExitCode != 0)
            {
                throw Failed(ToolOutput.Classify(result.StandardError), "login", registry, userName, result);
            }

            return new LoginOutcome(ToolOutput.Notices(result.StandardOutput, result.StandardError));
        }

        /// <summary>Logs the tool out of the registry and reports whether a stored login was removed.</summary>
        /// <exception cref="ContainerToolException">The tool could not start, timed out, failed, or left the login in place.</exception>
        public async Task<LogoutOutcome> LogoutAsync(string registry, CancellationToken cancellationToken)
        {
            string? dockerFolder = Tool == ContainerTool.Docker ? DockerConfigFile.Folder(ConfigPath, _getEnvironmentVariable) : null;
            bool? before = dockerFolder != null ? DockerConfigFile.HasLogin(dockerFolder, registry) : null;

            ToolRunResult result = await RunAsync(LogoutArguments(registry), null, cancellationToken).ConfigureAwait(false);
            if (result.TimedOut)
            {
                throw TimedOut("logout", result);
            }

            IReadOnlyList<ToolNotice> notices = ToolOutput.Notices(result.StandardOutput, result.StandardError);
            if (Tool == ContainerTool.Podman)
            {
                if (result.ExitCode == 0)
                {
                    return new LogoutOutcome(LogoutResult.Removed, notices);
                }

                // Podman 4 exits 125 with "Error: not logged into <registry>".
                if (result.StandardError.IndexOf("not logged into", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return new LogoutOutcome(LogoutResult.NotLoggedIn, Array.Empty<ToolNotice>());
                }

                throw Failed(ToolOutput.Classify(result.StandardError), "logout", registry, null, result);
            }

            if (result.ExitCode != 0)
            {
                throw Failed(ToolOutput.Classify(result.StandardError), "logout", registry, null, result);
            }

            // Older Docker versions print this, and exit 0, when there is no login to remove.
            if (result.StandardOutput.IndexOf("Not logged in to", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new LogoutOutcome(LogoutResult.NotLoggedIn, notices, DockerConfigFile.FindLoginInOtherCase(dockerFolder!, registry));
            }

            bool? after = DockerConfigFile.HasLogin(dockerFolder!, registry);
            if (before == true && after == true)
            {
                string file = System.IO.Path.Combine(dockerFolder!, DockerConfigFile.FileName);
                throw new ContainerToolException(
                    ToolFailureKind.CredentialStoreFailed,
                    Tool,
                    "docker logout " + registry + " exited with code 0, but " + file + " still has a login for " + registry + ", so its credential helper probably failed to erase it. Output: " + EndSentence(ToolOutput.Summarize(result.StandardError, result.StandardOutput)),
                    StoreAdvice(),
                    result.ExitCode,
                    Combine(result));
            }

            LogoutResult outcome = before == true && after == false ? LogoutResult.Removed
                : before == false ? LogoutResult.NotLoggedIn
                : LogoutResult.Unknown;
            string? otherCase = outcome == LogoutResult.NotLoggedIn ? DockerConfigFile.FindLoginInOtherCase(dockerFolder!, registry) : null;
            return new LogoutOutcome(outcome, notices, otherCase);
        }

        private async Task<ToolRunResult> RunAsync(IReadOnlyList<string> arguments, byte[]? secret, CancellationToken cancellationToken)
        {
            // The tool and its credential helpers need no Deepgram API key, so none inherits one.
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                [ApiKeyVariable] = null,
            };
            if (ConfigPath != null)
            {
                environment[Tool.ConfigVariable()] = ConfigPath;
            }

            try
            {
                return await ToolProcess.RunAsync(ExecutablePath, arguments, environment, secret, secret, Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Win32Exception ex)
            {
                throw new ContainerToolException(
                    ToolFailureKind.ToolStartFailed,
                    Tool,
                    "The " + Tool.CommandName() + " executable '" + ExecutablePath + "' could not be started: " + ex.Message,
                    "Check that the file is a " + Tool.CommandName() + " executable that this account may run, or pass another -ToolPath.",
                    innerException: ex);
            }
        }

        private ContainerToolException TimedOut(string operation, ToolRunResult result) =>
            new ContainerToolException(
                ToolFailureKind.TimedOut,
                Tool,
                Tool.CommandName() + " " + operation + " did not finish within " + Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s and was stopped. Output so far: " + EndSentence(ToolOutput.Summarize(result.StandardError, result.StandardOutput)),
                "Check the registry name and the network, or raise -TimeoutSec.",
                null,
                Combine(result));

        private ContainerToolException Failed(ToolFailureKind kind, string operation, string registry, string? userName, ToolRunResult result)
        {
            string command = Tool.CommandName() + " " + operation;
            string output = ToolOutput.Summarize(result.StandardError, result.StandardOutput);
            string exit = EndSentence(command + " exited with code " + result.ExitCode + ": " + output);
            string message;
            string advice;
            switch (kind)
            {
                case ToolFailureKind.CredentialRejected:
                    message = "The registry " + registry + " rejected the user name " + (userName ?? "(none)") + " and its secret. " + exit;
                    advice = "Check that the secret belongs to this user name and that the credential still exists (Get-DgDistributionCredential lists them). "
                        + "A Deepgram distribution credential logs in to quay.io only, so check -Registry too. "
                        + "If the secret is lost or wrong, create a new credential with New-DgDistributionCredential.";
                    break;
                case ToolFailureKind.RegistryUnreachable:
                    message = Tool.CommandName() + " could not reach the registry " + registry + ". " + exit;
                    advice = "Check the registry name (-Registry), DNS, the network and any proxy that " + Tool.CommandName() + " uses (HTTPS_PROXY, NO_PROXY), then run the command again.";
                    break;
                case ToolFailureKind.CredentialStoreFailed:
                    message = Tool.CommandName() + " could not " + (operation == "login" ? "store" : "erase") + " the login for " + registry + " in its credential store. " + exit;
                    advice = StoreAdvice();
                    break;
                default:
                    message = Tool.CommandName() + " " + operation + " " + registry + " failed. " + exit;
                    advice = "Fix the problem that " + Tool.CommandName() + " reported, or run " + Tool.CommandName() + " " + operation + " " + registry + " by hand to see its full output.";
                    break;
            }

            return new ContainerToolException(kind, Tool, message, advice, result.ExitCode, Combine(result));
        }

        private string StoreAdvice() => Tool == ContainerTool.Podman
            ? "Check that the auth file (-ConfigPath or REGISTRY_AUTH_FILE) is a JSON file that this account can write, or a path where one can be created, and that any credHelpers entry in it names an installed helper."
            : "Fix the credential helper that credsStore or credHelpers names in the Docker config: for pass, run 'pass init <gpg-key-id>'; for a missing docker-credential-* program, install it or remove the setting. "
              + "Or pass -ConfigPath with an empty folder, where docker stores the login in config.json without a helper.";

        // Tool output often lacks a final period, and the advice follows it in the same message.
        private static string EndSentence(string text) =>
            text.EndsWith(".", StringComparison.Ordinal) || text.EndsWith("!", StringComparison.Ordinal) || text.EndsWith("?", StringComparison.Ordinal)
                ? text
                : text + ".";

        private static string Combine(ToolRunResult result) =>
            (result.StandardError + (result.StandardOutput.Length > 0 ? "\n" + result.StandardOutput : string.Empty)).Trim();
    }
}
