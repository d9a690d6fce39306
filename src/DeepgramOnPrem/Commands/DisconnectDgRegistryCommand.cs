using System.Management.Automation;
using DeepgramOnPrem.Registry;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// <para type="synopsis">Logs Docker or Podman out of a registry, removing the stored login.</para>
    /// <para type="description">Runs docker logout or podman logout, and reports whether a stored login was removed: a verbose record when it was, a warning when there was none.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "DgRegistry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    public sealed class DisconnectDgRegistryCommand : DgCmdlet
    {
        /// <summary>
        /// <para type="description">The registry host, with a port if needed. Defaults to quay.io. Accepts pipeline input by property name, so Connect-DgRegistry output pipes in.</para>
        /// </summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Registry { get; set; } = DgDistributionCredential.DefaultRegistry;

        /// <summary>
        /// <para type="description">The container tool to log out: docker (the default) or podman. Accepts pipeline input by property name.</para>
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("docker", "podman")]
        public string Tool { get; set; } = "docker";

        /// <summary>
        /// <para type="description">Path of the docker or podman executable, or a command name to look up on PATH. Defaults to the tool's name on PATH.</para>
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ToolPath { get; set; }

        /// <summary>
        /// <para type="description">Where the tool stores the login: a folder for Docker (set as DOCKER_CONFIG), a JSON file for Podman (set as REGISTRY_AUTH_FILE), for the tool's process only. Empty means the tool's own location. Accepts pipeline input by property name.</para>
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? ConfigPath { get; set; }

        /// <summary>
        /// <para type="description">Seconds the logout may take before the tool is stopped. Defaults to 120.</para>
        /// </summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        protected override void ProcessRecord()
        {
            ContainerTool tool = ContainerTools.Parse(Tool);
            if (!RegistryErrorRecords.TryNormalizeRegistry(this, Registry, Registry, out string registry)
                || !RegistryErrorRecords.TryResolveConfigPath(this, tool, ConfigPath, registry, out string? configPath))
            {
                return;
            }
            if (!ShouldProcess(registry, "Log " + tool.CommandName() + " out")
                || !RegistryErrorRecords.TryCreateClient(this, tool, ToolPath, configPath, TimeoutSec, "logout", registry, null, out ContainerToolClient? client))
            {
                return;
            }

            WriteVerbose("Running " + client!.Describe(client.LogoutArguments(registry)) + ".");
            LogoutOutcome outcome;
            try
            {
                outcome = Run(token => client.LogoutAsync(registry, token));
            }
            catch (ContainerToolException ex)
            {
                WriteError(RegistryErrorRecords.FromToolFailure(ex, "logout", registry, null));
                return;
            }

            RegistryErrorRecords.WriteNotices(this, tool, outcome.Notices);
            string store = configPath != null ? " in " + configPath : string.Empty;
            switch (outcome.Result)
            {
                case LogoutResult.Removed:
                    WriteVerbose("Removed the " + tool.CommandName() + " login for " + registry + store + ".");
                    break;
                case LogoutResult.NotLoggedIn:
                    string otherCase = outcome.LoginInOtherCase == null
                        ? string.Empty
                        : " But config.json still has a login under '" + outcome.LoginInOtherCase + "', the same registry in other letter case, which docker logout does not match. Remove it with: "
                          + client.Describe(client.LogoutArguments(outcome.LoginInOtherCase));
                    WriteWarning(tool.CommandName() + " had no login for " + registry + store + ", so nothing was removed." + otherCase);
                    break;
                default:
                    WriteVerbose(tool.CommandName() + " logged out of " + registry + store + ". Whether a login was stored is not known, because the Docker config file could not be read.");
                    break;
            }
        }
    }
}
