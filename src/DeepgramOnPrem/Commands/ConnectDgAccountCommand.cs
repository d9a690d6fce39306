using System;
using System.Collections.Generic;
using System.Management.Automation;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// <para type="synopsis">Stores a Deepgram API key and address for this PowerShell session.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "DgAccount")]
    [OutputType(typeof(DgConnection))]
    public sealed class ConnectDgAccountCommand : DgApiCmdlet
    {
        /// <summary>
        /// <para type="description">Deepgram route family: SelfHosted (the documented /self-hosted/ paths) or OnPrem (the older /onprem/ paths). Defaults to SelfHosted.</para>
        /// </summary>
        [Parameter]
        public RouteFamily RouteFamily { get; set; } = RouteFamily.SelfHosted;

        /// <summary>
        /// <para type="description">Stores the key without checking it against GET /v1/projects.</para>
        /// </summary>
        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        protected override void ProcessRecord()
        {
            // A new connection never inherits the old one's key or address.
            ApiKey ??= ReadKeyVariable();
            BaseUri ??= ResolveHostVariable() ?? DeepgramClientOptions.DefaultBaseAddress;
            RouteFamilyOverride = RouteFamily;

            IReadOnlyList<ProjectInfo>? projects = null;
            if (!SkipValidation)
            {
                try
                {
                    projects = Run(token => Client.ListProjectsAsync(token));
                }
                catch (DeepgramApiException ex)
                {
                    // Any failure here means nothing usable would be stored.
                    ThrowTerminatingError(ApiErrors.ToErrorRecord(ex, ApiOperation.Connect, BaseUri));
                }
            }

            var connection = new DgConnection
            {
                BaseUri = Client.Options.BaseAddress,
                KeyFingerprint = Redactor.Fingerprint(Client.Options.ApiKey),
                AuthScheme = Client.Options.IsAccessToken ? "Bearer" : "Token",
                RouteFamily = RouteFamily,
                Validated = projects != null,
                ProjectCount = projects?.Count,
                ConnectedAt = DateTimeOffset.Now,
            };
            ConnectionStore.Set(new StoredConnection(ApiKey!, connection.BaseUri, RouteFamily, connection));
            WriteObject(connection);
        }

        private System.Security.SecureString ReadKeyVariable()
        {
            string? value = Environment.GetEnvironmentVariable(ApiKeyVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("No API key was given. Pass -ApiKey (Read-Host -AsSecureString 'Deepgram API key'), or set the DEEPGRAM_API_KEY environment variable."),
                    "DeepgramApiKeyMissing",
                    ErrorCategory.InvalidArgument,
                    null));
            }

            return SecretConversion.ToSecureString(value!.Trim());
        }
    }

    /// <summary>
    /// <para type="synopsis">Forgets the Deepgram API key stored for this PowerShell session.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "DgAccount")]
    [OutputType(typeof(void))]
    public sealed class DisconnectDgAccountCommand : DgCmdlet
    {
        protected override void ProcessRecord()
        {
            StoredConnection? removed = ConnectionStore.Remove();
            WriteVerbose(removed == null
                ? "No Deepgram connection was stored in this session."
                : "Forgot the key " + removed.Info.KeyFingerprint + " for " + removed.BaseUri + ".");
        }
    }
}
