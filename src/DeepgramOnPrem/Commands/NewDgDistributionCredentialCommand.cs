using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a Deepgram distribution credential, the only output that carries its secret.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "DgDistributionCredential", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(DgDistributionCredential))]
    public sealed class NewDgDistributionCredentialCommand : DgApiCmdlet
    {
        private static readonly Regex ScopePattern = new Regex(
            "^(onprem|self-hosted):(products|product:[a-z0-9][a-z0-9-]*)$", RegexOptions.CultureInvariant);

        /// <summary>
        /// <para type="description">Id of the project to create the credential in. Accepts pipeline input by property name, so Get-DgProject output pipes in.</para>
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProjectIdCompleter))]
        public Guid ProjectId { get; set; }

        /// <summary>
        /// <para type="description">Friendly name for the credential. Defaults to one naming this computer and the UTC time.</para>
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Comment { get; set; }

        /// <summary>
        /// <para type="description">Product scopes, such as self-hosted:product:api and self-hosted:product:engine. Defaults to all products: self-hosted:products, or onprem:products when connected with -RouteFamily OnPrem.</para>
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ScopeCompleter))]
        public string[]? Scope { get; set; }

        /// <summary>
        /// <para type="description">Registry provider. The only value Deepgram accepts is quay.</para>
        /// </summary>
        [Parameter]
        [ValidateSet("quay")]
        public string Provider { get; set; } = "quay";

        /// <summary>
        /// <para type="description">Tags to store with the credential.</para>
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public string[]? Tag { get; set; }

        protected override void ProcessRecord()
        {
            string[] scopes = Scope ?? new[] { EffectiveRouteFamily == RouteFamily.OnPrem ? "onprem:products" : "self-hosted:products" };
            if (!ValidateScopes(scopes))
            {
                return;
            }

            string comment = Comment ?? "DeepgramOnPrem on " + Environment.MachineName + " at " + DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
            if (!ShouldProcess("project " + ProjectId, "Create distribution credential '" + comment + "' with scopes " + string.Join(", ", scopes)))
            {
                return;
            }

            var request = new CreateCredentialRequest(comment, scopes, Provider, Tag);
            DistributionCredentialInfo created;
            try
            {
                // The request and response lines wait until the secret is registered with CI log masking.
                created = RunHoldingWrites(token => Client.CreateCredentialAsync(ProjectId, request, token));
            }
            catch (DeepgramApiException ex)
            {
                ReleaseHeldWrites();
                string? advice = ex.CreateOutcomeUnknown
                    ? "The server may have created the credential before this failure. Look for it with " + FindByCommentCommand(comment) + " and remove it, because its secret was not received."
                    : null;
                ReportApiError(ex, ApiOperation.CreateCredential, ProjectId, advice);
                return;
            }
            catch (PipelineStoppedException)
            {
                // The request may have reached the server, and the pipeline can no longer carry a warning.
                Host.UI.WriteWarningLine("Stopped while creating a distribution credential in project " + ProjectId + ". One may exist without a known secret: check with " + FindByCommentCommand(comment) + ".");
                throw;
            }

            var credential = new DgDistributionCredential(created);
            if (created.Secret != null)
            {
                // The runner must mask the secret before any stream can carry it.
                string pair = Convert.ToBase64String(new UTF8Encoding(false).GetBytes(credential.UserName + ":" + created.Secret));
                CiLogMasking.Register(Environment.GetEnvironmentVariable, Console.Out, created.Secret, pair);
                ReleaseHeldWrites();
            }
            else
            {
                ReleaseHeldWrites();
                WriteWarning("The server created " + credential.UserName + " but returned no secret, so it cannot log a container tool in. Remove it with Remove-DgDistributionCredential -ProjectId " + ProjectId + " -Id " + credential.DistributionCredentialId + " and create another.");
            }

            WriteCreated(credential);
        }

        /// <summary>
        /// Writes the new credential, and if a later command in the pipeline fails, raises an error
        /// that carries the credential so its one-time secret is not lost.
        /// </summary>
        private void WriteCreated(DgDistributionCredential credential)
        {
            try
            {
                WriteObject(credential);
            }
            catch (PipelineStoppedException ex)
            {
                // Select-Object -First stops upstream commands after taking the object, which is no loss.
                if (ex.GetType().Name != "StopUpstreamCommandsException")
                {
                    // A later command that fails with -ErrorAction Stop, or Ctrl+C during it, arrives
                    // here, and its own error is the one the pipeline reports.
                    // TODO: the secret is then reachable only if that command put the credential in its
                    // error record, as Connect-DgRegistry does. This warning names what to remove.
                    Host.UI.WriteWarningLine(
                        "The pipeline stopped after distribution credential " + credential.UserName + " was created in project " + ProjectId + ". "
                        + "If the next command did not finish with it, its secret is lost: remove it with Remove-DgDistributionCredential -ProjectId "
                        + ProjectId + " -Id " + credential.DistributionCredentialId + " and create another.");
                }

                throw;
            }
            catch (Exception ex) when (ex is RuntimeException || ex is InvalidOperationException || ex is System.IO.IOException)
            {
                string inner = ex is IContainsErrorRecord withRecord ? withRecord.ErrorRecord.ToString() : ex.Message;
                ErrorCategory category = ex is IContainsErrorRecord contains ? contains.ErrorRecord.CategoryInfo.Category : ErrorCategory.NotSpecified;
                var record = new ErrorRecord(
                    new InvalidOperationException(
                        "Distribution credential " + credential.UserName + " was created, but a later command in the pipeline failed: " + inner
                        + " The credential still exists and was not recreated. It is this error's TargetObject, secret included, so $Error[0].TargetObject | Connect-DgRegistry retries the login.",
                        ex),
                    "CreatedCredentialOutputFailed",
                    category,
                    credential);
                ThrowTerminatingError(record);
            }
        }

        /// <summary>
        /// Returns the Get-DgDistributionCredential command that finds the credential by its exact
        /// comment, ready to paste: the comment is single-quoted and its wildcard characters escaped.
        /// </summary>
        private string FindByCommentCommand(string comment)
        {
            // PowerShell also ends a single-quoted string at the typographic quotes U+2018 to U+201B,
            // so each of them is doubled like the ASCII one.
            var literal = new System.Text.StringBuilder();
            foreach (char c in WildcardPattern.Escape(comment))
            {
                literal.Append(c);
                if (c == '\'' || (c >= '\u2018' && c <= '\u201B'))
                {
                    literal.Append(c);
                }
            }

            return "Get-DgDistributionCredential -ProjectId " + ProjectId + " -Comment '" + literal + "'";
        }

        private bool ValidateScopes(IEnumerable<string> scopes)
        {
            foreach (string scope in scopes)
            {
                if (!ScopePattern.IsMatch(scope))
                {
                    WriteError(new ErrorRecord(
                        new ArgumentException("The scope '" + scope + "' is not valid. Use self-hosted:products for all products, or self-hosted:product:<name> with a name such as api, engine, license-proxy, billing, hotpepper, metrics-server or dgtools (older keys use onprem: in place of self-hosted:)."),
                        "InvalidScope",
                        ErrorCategory.InvalidArgument,
                        scope));
                    return false;
                }
            }

            return true;
        }
    }
}
