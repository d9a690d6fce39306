using System;
using System.Management.Automation;
using System.Security;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// Base of the cmdlets that call the Deepgram API. The key comes from -ApiKey, else the
    /// session's Connect-DgAccount, else DEEPGRAM_API_KEY; the address from -BaseUri, else the
    /// session, else DEEPGRAM_HOST, else https://api.deepgram.com.
    /// </summary>
    public abstract class DgApiCmdlet : DgCmdlet
    {
        internal const string ApiKeyVariable = "DEEPGRAM_API_KEY";
        internal const string HostVariable = "DEEPGRAM_HOST";

        private DeepgramClient? _client;

        /// <summary>
        /// <para type="description">Deepgram API key for this call, as a SecureString (a plain string is converted). Overrides Connect-DgAccount and DEEPGRAM_API_KEY.</para>
        /// </summary>
        [Parameter]
        [SecureStringTransformation]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        /// <summary>
        /// <para type="description">Address of the Deepgram API for this call, such as https://api.deepgram.com. Overrides Connect-DgAccount and DEEPGRAM_HOST.</para>
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        /// <summary>
        /// <para type="description">Seconds one HTTP attempt may take before it fails with a timeout. Defaults to 30.</para>
        /// </summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        /// <summary>Returns the client for this invocation, resolving key and address once.</summary>
        internal DeepgramClient Client => _client ??= CreateClient();

        /// <summary>Route family that replaces the session's, set by Connect-DgAccount.</summary>
        internal RouteFamily? RouteFamilyOverride { get; set; }

        /// <summary>Route family for this call: Connect-DgAccount's parameter, else the session's, else SelfHosted.</summary>
        internal RouteFamily EffectiveRouteFamily => RouteFamilyOverride ?? ConnectionStore.Current?.RouteFamily ?? RouteFamily.SelfHosted;

        private DeepgramClient CreateClient()
        {
            StoredConnection? session = ConnectionStore.Current;
            string source = ApiKeyVariable;
            if (ApiKey != null)
            {
                source = "-ApiKey";
            }
            else if (session != null)
            {
                source = "Connect-DgAccount";
            }

            SecureString? key = ApiKey ?? session?.ApiKey;
            string? plainKey = key != null ? SecretConversion.ToPlainText(key) : Environment.GetEnvironmentVariable(ApiKeyVariable);
            if (string.IsNullOrWhiteSpace(plainKey))
            {
                string message = key != null
                    ? "The Deepgram API key given with " + source + " is empty. Pass the key itself, for example -ApiKey (Read-Host -AsSecureString 'Deepgram API key')."
                    : "No Deepgram API key was found. Run Connect-DgAccount -ApiKey (Read-Host -AsSecureString 'Deepgram API key'), pass -ApiKey, or set the DEEPGRAM_API_KEY environment variable.";
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException(message),
                    "DeepgramApiKeyMissing",
                    ErrorCategory.AuthenticationError,
                    null));
            }

            Uri baseUri = BaseUri ?? session?.BaseUri ?? ResolveHostVariable() ?? DeepgramClientOptions.DefaultBaseAddress;
            ValidateBaseUri(baseUri);
            DeepgramClientOptions options;
            try
            {
                options = new DeepgramClientOptions(plainKey!);
            }
            catch (ArgumentException ex)
            {
                // The message names the problem but never the key.
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("The Deepgram API key from " + source + " is invalid: " + ex.Message + " Copy the key again from the Deepgram console, without surrounding quotes, spaces or line breaks.", ex),
                    "DeepgramApiKeyInvalid",
                    ErrorCategory.InvalidArgument,
                    null));
                throw;
            }

            options.BaseAddress = baseUri;
            options.RouteFamily = EffectiveRouteFamily;
            options.Timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : DeepgramClientOptions.DefaultTimeout;
            return new DeepgramClient(options, new CmdletLog(this));
        }

        /// <summary>
        /// Returns a wildcard pattern for a parameter value, or writes InvalidWildcardPattern and
        /// returns null when the value is not a valid pattern (an unclosed '[', for example).
        /// </summary>
        internal WildcardPattern? CreateWildcard(string value, string parameterName)
        {
            var pattern = new WildcardPattern(value, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            try
            {
                // The pattern is parsed on first use, so an invalid one throws here.
                pattern.IsMatch(string.Empty);
                return pattern;
            }
            catch (WildcardPatternException ex)
            {
                WriteError(new ErrorRecord(
                    new ArgumentException("The -" + parameterName + " value '" + value + "' is not a valid wildcard pattern: " + ex.Message + " Escape a literal '[' or ']' with a backtick, or use [WildcardPattern]::Escape().", ex),
                    "InvalidWildcardPattern",
                    ErrorCategory.InvalidArgument,
                    value));
                return null;
            }
        }

        /// <summary>
        /// Reads DEEPGRAM_HOST as an address, or returns null when it is unset. An invalid value
        /// raises the terminating error DeepgramHostInvalid.
        /// </summary>
        protected Uri? ResolveHostVariable()
        {
            string? value = Environment.GetEnvironmentVariable(HostVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            // The official SDKs accept a bare host name here, meaning https.
            string text = value!.Trim();
            if (!text.Contains("://"))
            {
                text = "https://" + text;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("DEEPGRAM_HOST '" + value + "' is not a valid address. Set it to a URL such as https://api.deepgram.com, or remove it."),
                    "DeepgramHostInvalid",
                    ErrorCategory.InvalidArgument,
                    value));
            }

            return uri;
        }

        /// <summary>
        /// Rejects addresses the key must not be sent to: relative ones, schemes other than
        /// http(s), and plain http to anything but a loopback address such as the emulator.
        /// </summary>
        internal void ValidateBaseUri(Uri baseUri)
        {
            string? problem = null;
            string display = baseUri.OriginalString;
            if (baseUri.IsAbsoluteUri && !string.IsNullOrEmpty(baseUri.UserInfo))
            {
                // The user name and password are left out of the message, which may be logged.
                display = new UriBuilder(baseUri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
                problem = "contains a user name or password, which the module never sends. Give the address alone, and the API key with -ApiKey.";
            }
            else if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
            {
                problem = "is not an http or https address. Use an address such as https://api.deepgram.com.";
            }
            else if (baseUri.Scheme == Uri.UriSchemeHttp && !baseUri.IsLoopback)
            {
                problem = "uses plain http, which would send the API key unencrypted. Use https://; plain http is allowed only for loopback addresses such as a local emulator.";
            }

            if (problem != null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("The base address '" + display + "' " + problem),
                    "DeepgramBaseUriInvalid",
                    ErrorCategory.InvalidArgument,
                    display));
            }
        }

        /// <summary>
        /// Reports an API failure: a terminating error for a bad key or an unreachable address,
        /// which would fail every later item too, and a non-terminating one otherwise.
        /// </summary>
        internal void ReportApiError(DeepgramApiException exception, ApiOperation operation, object? target, string? extraAdvice = null)
        {
            ErrorRecord record = ApiErrors.ToErrorRecord(exception, operation, target, extraAdvice);
            if (ApiErrors.StopsPipeline(exception))
            {
                ThrowTerminatingError(record);
            }

            WriteError(record);
        }
    }
}
