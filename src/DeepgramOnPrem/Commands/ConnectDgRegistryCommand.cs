using System;
using System.Management.Automation;
using System.Security;
using DeepgramOnPrem.Registry;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// <para type="synopsis">Logs Docker or Podman in to a registry with a Deepgram distribution credential.</para>
    /// <para type="description">Runs docker login or podman login with the secret on standard input, never on the command line or in the environment. The tool's exit code decides success.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "DgRegistry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(DgRegistryLogin))]
    public sealed class ConnectDgRegistryCommand : DgCmdlet
    {
        public const string InputObjectSet = "InputObject";
        public const string CredentialSet = "Credential";
        public const string UserNameSet = "UserName";

        /// <summary>
        /// <para type="description">The distribution credential to log in with, as New-DgDistributionCredential returns it, also after Export-Clixml and Import-Clixml or as the output of a job. Accepts pipeline input.</para>
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [DistributionCredentialTransformation]
        [ValidateNotNull]
        public DgDistributionCredential? InputObject { get; set; }

        /// <summary>
        /// <para type="description">The user name (deepgram+&lt;id&gt;) and secret as a PSCredential, such as a credential's Credential property. Accepts pipeline input.</para>
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = CredentialSet)]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>
        /// <para type="description">The registry user name, deepgram+&lt;distribution credential id&gt;.</para>
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = UserNameSet)]
        [ValidateNotNullOrEmpty]
        public string? UserName { get; set; }

        /// <summary>
        /// <para type="description">The credential's secret as a SecureString (a plain string is converted).</para>
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = UserNameSet)]
        [SecureStringTransformation]
        [ValidateNotNull]
        public SecureString? Secret { get; set; }

        /// <summary>
        /// <para type="description">The container tool to log in: docker (the default) or podman.</para>
        /// </summary>
        [Parameter]
        [ValidateSet("docker", "podman")]
        public string Tool { get; set; } = "docker";

        /// <summary>
        /// <para type="description">The registry host, with a port if needed, such as quay.io or 127.0.0.1:5000. Defaults to the credential's Registry property, else quay.io.</para>
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Registry { get; set; }

        /// <summary>
        /// <para type="description">Path of the docker or podman executable, or a command name to look up on PATH. Defaults to the tool's name on PATH.</para>
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ToolPath { get; set; }

        /// <summary>
        /// <para type="description">Where the tool stores the login: a folder for Docker (set as DOCKER_CONFIG), a JSON file for Podman (set as REGISTRY_AUTH_FILE), for the tool's process only. Defaults to the tool's own location.</para>
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ConfigPath { get; set; }

        /// <summary>
        /// <para type="description">Seconds the login may take before the tool is stopped. Defaults to 120.</para>
        /// </summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        protected override void ProcessRecord()
        {
            if (!TryReadCredential(out string userName, out SecureString? secret, out object target))
            {
                return;
            }

            string? note = InputObject != null ? RegistryErrorRecords.CredentialKeptNote(InputObject) : null;
            ContainerTool tool = ContainerTools.Parse(Tool);
            if (!RegistryErrorRecords.TryNormalizeRegistry(this, Registry ?? InputObject?.Registry, target, out string registry)
                || !RegistryErrorRecords.TryResolveConfigPath(this, tool, ConfigPath, target, out string? configPath))
            {
                return;
            }
            if (!ShouldProcess(registry + " as " + userName, "Log " + tool.CommandName() + " in"))
            {
                return;
            }

            if (!RegistryErrorRecords.TryCreateClient(this, tool, ToolPath, configPath, TimeoutSec, "login", target, note, out ContainerToolClient? client))
            {
                return;
            }

            WriteVerbose("Running " + client!.Describe(client.LoginArguments(registry, userName)) + " with the secret on standard input.");
            byte[] secretBytes = SecretConversion.ToUtf8Bytes(secret!);
            LoginOutcome outcome;
            try
            {
                outcome = Run(token => client.LoginAsync(registry, userName, secretBytes, token));
            }
            catch (ContainerToolException ex)
            {
                WriteError(RegistryErrorRecords.FromToolFailure(ex, "login", target, note));
                return;
            }
            finally
            {
                Array.Clear(secretBytes, 0, secretBytes.Length);
            }

            RegistryErrorRecords.WriteNotices(this, tool, outcome.Notices);
            WriteObject(new DgRegistryLogin
            {
                Registry = registry,
                UserName = userName,
                Tool = tool.CommandName(),
                ConfigPath = configPath,
                DistributionCredentialId = InputObject?.DistributionCredentialId ?? CredentialIdFromUserName(userName),
            });
        }

        /// <summary>
        /// Reads the user name and secret from the parameter set in use. Writes CredentialHasNoUserName
        /// or CredentialHasNoSecret and returns false when either is missing.
        /// </summary>
        private bool TryReadCredential(out string userName, out SecureString? secret, out object target)
        {
            switch (ParameterSetName)
            {
                case CredentialSet:
                    userName = Credential!.UserName;
                    secret = Credential.Password;
                    target = Credential;
                    break;
                case UserNameSet:
                    userName = UserName!;
                    secret = Secret;
                    target = UserName!;
                    break;
                default:
                    userName = InputObject!.UserName;
                    secret = InputObject.HasSecret ? InputObject.Secret : null;
                    target = InputObject;
                    break;
            }

            // Docker CLI 28 prompts for a blank name on standard input, and after reading end of
            // file there it waits until the timeout kills it.
            if (string.IsNullOrWhiteSpace(userName))
            {
                WriteError(RegistryErrorRecords.NoUserName(userName, target, "log a container tool in"));
                return false;
            }

            if (secret == null || secret.Length == 0)
            {
                WriteError(RegistryErrorRecords.NoSecret(userName, InputObject != null, target, "log a container tool in"));
                return false;
            }

            return true;
        }

        private static Guid? CredentialIdFromUserName(string userName)
        {
            const string prefix = "deepgram+";
            return userName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && Guid.TryParse(userName.Substring(prefix.Length), out Guid id)
                ? id
                : (Guid?)null;
        }
    }
}
