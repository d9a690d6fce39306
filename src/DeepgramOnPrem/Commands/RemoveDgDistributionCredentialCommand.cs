using System;
using System.Management.Automation;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes a Deepgram distribution credential, so it can no longer pull images.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "DgDistributionCredential", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DgDistributionCredential))]
    public sealed class RemoveDgDistributionCredentialCommand : DgApiCmdlet
    {
        /// <summary>
        /// <para type="description">Id of the project that contains the credential. Accepts pipeline input by property name.</para>
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProjectIdCompleter))]
        public Guid ProjectId { get; set; }

        /// <summary>
        /// <para type="description">Id of the credential to delete. Accepts pipeline input by property name, so Get-DgDistributionCredential output pipes in.</para>
        /// </summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public Guid DistributionCredentialId { get; set; }

        /// <summary>
        /// <para type="description">Deletes without asking for confirmation. -WhatIf still deletes nothing.</para>
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// <para type="description">Writes the deleted credential's ids to the pipeline.</para>
        /// </summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            string target = "deepgram+" + DistributionCredentialId + " in project " + ProjectId;
            if (!ShouldDelete(target))
            {
                return;
            }

            string? message;
            try
            {
                message = Run(token => Client.DeleteCredentialAsync(ProjectId, DistributionCredentialId, token));
            }
            catch (DeepgramApiException ex)
            {
                ReportApiError(ex, ApiOperation.DeleteCredential, DistributionCredentialId);
                return;
            }

            WriteVerbose("Deleted " + target + (string.IsNullOrEmpty(message) ? "." : ": " + message));
            if (PassThru)
            {
                WriteObject(new DgDistributionCredential { ProjectId = ProjectId, DistributionCredentialId = DistributionCredentialId });
            }
        }

        /// <summary>
        /// Asks ShouldProcess, except that -Force skips the confirmation prompt. What-if mode, from
        /// -WhatIf or $WhatIfPreference, and an explicit -Confirm still win over -Force.
        /// </summary>
        private bool ShouldDelete(string target)
        {
            var bound = MyInvocation.BoundParameters;
            bool whatIf = bound.TryGetValue("WhatIf", out object? whatIfValue)
                ? whatIfValue is SwitchParameter whatIfSwitch && whatIfSwitch.IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
            bool confirm = bound.TryGetValue("Confirm", out object? confirmValue) && confirmValue is SwitchParameter confirmSwitch && confirmSwitch.IsPresent;
            if (Force && !whatIf && !confirm)
            {
                return true;
            }

            return ShouldProcess(target, "Delete distribution credential");
        }
    }
}
