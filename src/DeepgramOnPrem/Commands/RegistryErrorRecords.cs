using System;
using System.Management.Automation;
using DeepgramOnPrem.Registry;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// Error records and shared parameter handling of the registry cmdlets (Connect-DgRegistry,
    /// Disconnect-DgRegistry, ConvertTo-DgImagePullSecret). This table is their error contract:
    /// <code>
    /// failure                      error id                    category
    /// tool missing                 ContainerToolNotFound       ObjectNotFound
    /// tool cannot start            ContainerToolStartFailed    ResourceUnavailable
    /// registry returned 401        RegistryCredentialRejected  AuthenticationError
    /// registry not reached         RegistryUnreachable         ConnectionError
    /// credential helper or file    CredentialStoreFailed       WriteError
    /// tool timed out               RegistryLoginTimedOut / RegistryLogoutTimedOut   OperationTimeout
    /// any other non-zero exit      RegistryLoginFailed / RegistryLogoutFailed       NotSpecified
    /// credential has no secret     CredentialHasNoSecret       InvalidData
    /// blank user name              CredentialHasNoUserName     InvalidData
    /// bad -Registry                RegistryNameInvalid         InvalidArgument
    /// bad -ConfigPath              ConfigPathInvalid           InvalidArgument
    /// </code>
    /// </summary>
    internal static class RegistryErrorRecords
    {
        /// <summary>Returns the sentences stating that a created credential still exists and how to retry with it.</summary>
        public static string CredentialKeptNote(DgDistributionCredential credential) =>
            "The distribution credential " + credential.UserName + " still exists and was not recreated. "
            + "It is this error's TargetObject, secret included, so $Error[0].TargetObject | Connect-DgRegistry retries the login.";

        public static ErrorRecord FromToolFailure(ContainerToolException exception, string operation, object? target, string? note)
        {
            string recommended = exception.Advice + (note != null ? " " + note : string.Empty);
            return new ErrorRecord(exception, ErrorId(exception.Kind, operation), Category(exception.Kind), target)
            {
                ErrorDetails = new ErrorDetails(exception.Message + " " + recommended) { RecommendedAction = recommended },
            };
        }

        public static string ErrorId(ToolFailureKind kind, string operation)
        {
            bool login = operation == "login";
            switch (kind)
            {
                case ToolFailureKind.ToolNotFound:
                    return "ContainerToolNotFound";
                case ToolFailureKind.ToolStartFailed:
                    return "ContainerToolStartFailed";
                case ToolFailureKind.CredentialRejected:
                    return "RegistryCredentialRejected";
                case ToolFailureKind.RegistryUnreachable:
                    return "RegistryUnreachable";
                case ToolFailureKind.CredentialStoreFailed:
                    return "CredentialStoreFailed";
                case ToolFailureKind.TimedOut:
                    return login ? "RegistryLoginTimedOut" : "RegistryLogoutTimedOut";
                default:
                    return login ? "RegistryLoginFailed" : "RegistryLogoutFailed";
            }
        }

        public static ErrorCategory Category(ToolFailureKind kind)
        {
            switch (kind)
            {
                case ToolFailureKind.ToolNotFound:
                    return ErrorCategory.ObjectNotFound;
                case ToolFailureKind.ToolStartFailed:
                    return ErrorCategory.ResourceUnavailable;
                case ToolFailureKind.CredentialRejected:
                    return ErrorCategory.AuthenticationError;
                case ToolFailureKind.RegistryUnreachable:
                    return ErrorCategory.ConnectionError;
                case ToolFailureKind.CredentialStoreFailed:
                    return ErrorCategory.WriteError;
                case ToolFailureKind.TimedOut:
                    return ErrorCategory.OperationTimeout;
                default:
                    return ErrorCategory.NotSpecified;
            }
        }

        /// <summary>
        /// Returns CredentialHasNoUserName for an empty or whitespace user name. docker login trims
        /// the name and prompts for one when nothing is left, so it must never run with such a name.
        /// </summary>
        public static ErrorRecord NoUserName(string? userName, object target, string purpose)
        {
            string message = "The user name '" + userName + "' is empty or only whitespace, so it cannot " + purpose + ".";
            string advice = "Use the user name of a Deepgram distribution credential, deepgram+<distribution credential id>, as in the UserName property of New-DgDistributionCredential output, or pipe that output here.";
            return new ErrorRecord(new ArgumentException(message), "CredentialHasNoUserName", ErrorCategory.InvalidData, target)
            {
                ErrorDetails = new ErrorDetails(message + " " + advice) { RecommendedAction = advice },
            };
        }

        /// <summary>CredentialHasNoSecret: the API shows a secret only in the create response.</summary>
        public static ErrorRecord NoSecret(string userName, bool isDistributionCredential, object target, string purpose)
        {
            string message = isDistributionCredential
                ? "The distribution credential " + userName + " has no secret, so it cannot " + purpose + ". Deepgram's API shows a secret only once, in the response that creates the credential, so Get-DgDistributionCredential output never has one."
                : "The secret for " + userName + " is empty, so it cannot " + purpose + ".";
            string advice = "Create a new credential with New-DgDistributionCredential and pipe it here, then remove the old one with Remove-DgDistributionCredential if nothing else uses it.";
            return new ErrorRecord(new ArgumentException(message), "CredentialHasNoSecret", ErrorCategory.InvalidData, target)
            {
                ErrorDetails = new ErrorDetails(message + " " + advice) { RecommendedAction = advice },
            };
        }

        /// <summary>Normalizes the registry (null means quay.io), or writes RegistryNameInvalid.</summary>
        public static bool TryNormalizeRegistry(Cmdlet cmdlet, string? registry, object? target, out string normalized)
        {
            try
            {
                normalized = RegistryAddress.Normalize(string.IsNullOrEmpty(registry) ? DgDistributionCredential.DefaultRegistry : registry!);
                return true;
            }
            catch (ArgumentException ex)
            {
                cmdlet.WriteError(new ErrorRecord(ex, "RegistryNameInvalid", ErrorCategory.InvalidArgument, target ?? registry));
                normalized = string.Empty;
                return false;
            }
        }

        /// <summary>
        /// Resolves -ConfigPath against the current PowerShell location, or writes ConfigPathInvalid,
        /// also when the path is an existing file for Docker or an existing folder for Podman.
        /// Null and empty mean the tool's default and give null.
        /// </summary>
        public static bool TryResolveConfigPath(PSCmdlet cmdlet, ContainerTool tool, string? configPath, object? target, out string? resolved)
        {
            resolved = null;
            if (string.IsNullOrEmpty(configPath))
            {
                return true;
            }

            string? problem;
            try
            {
                resolved = cmdlet.GetUnresolvedProviderPathFromPSPath(configPath);
                problem = null;
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException || ex is PSInvalidOperationException)
            {
                problem = ex.Message.TrimEnd('.') + "." + ConfigPathAdvice(tool);
            }

            if (problem == null && !System.IO.Path.IsPathRooted(resolved))
            {
                problem = "It is not a file system path." + ConfigPathAdvice(tool);
            }

            problem ??= tool.ConfigPathProblem(resolved!);
            if (problem != null)
            {
                cmdlet.WriteError(new ErrorRecord(
                    new ArgumentException("The config path '" + configPath + "' is not valid. " + problem),
                    "ConfigPathInvalid",
                    ErrorCategory.InvalidArgument,
                    target ?? configPath));
                resolved = null;
                return false;
            }

            return true;
        }

        private static string ConfigPathAdvice(ContainerTool tool) => tool == ContainerTool.Podman
            ? " Use the file system path of the auth file, a JSON file that podman sets as REGISTRY_AUTH_FILE."
            : " Use a file system folder, which docker sets as DOCKER_CONFIG.";

        /// <summary>Finds the tool's executable and builds a client for it, or writes ContainerToolNotFound.</summary>
        public static bool TryCreateClient(PSCmdlet cmdlet, ContainerTool tool, string? toolPath, string? configPath, int timeoutSec, string operation, object? target, string? note, out ContainerToolClient? client)
        {
            client = null;
            string? path = toolPath;
            if (!string.IsNullOrEmpty(toolPath) && LooksLikePath(toolPath!))
            {
                try
                {
                    path = cmdlet.GetUnresolvedProviderPathFromPSPath(toolPath);
                }
                catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException || ex is PSInvalidOperationException)
                {
                    // Left as typed: the lookup below reports it as not found.
                }
            }

            string executable;
            try
            {
                executable = ToolLocator.Resolve(tool, path, Environment.GetEnvironmentVariable("PATH"));
            }
            catch (ContainerToolException ex)
            {
                cmdlet.WriteError(FromToolFailure(ex, operation, target, note));
                return false;
            }

            TimeSpan timeout = timeoutSec > 0 ? TimeSpan.FromSeconds(timeoutSec) : ContainerToolClient.DefaultTimeout;
            client = new ContainerToolClient(tool, executable, configPath, timeout);
            return true;
        }

        /// <summary>Passes a successful run's output on: Docker's unencrypted-storage notice as a warning, the rest as verbose.</summary>
        public static void WriteNotices(DgCmdlet cmdlet, ContainerTool tool, System.Collections.Generic.IEnumerable<ToolNotice> notices)
        {
            foreach (ToolNotice notice in notices)
            {
                string text = tool.CommandName() + ": " + notice.Text;
                if (notice.IsWarning)
                {
                    cmdlet.WriteWarning(text);
                }
                else
                {
                    cmdlet.WriteVerbose(text);
                }
            }
        }

        private static bool LooksLikePath(string value) =>
            value.IndexOf('/') >= 0 || value.IndexOf('\\') >= 0 || value.StartsWith("~", StringComparison.Ordinal) || value.StartsWith(".", StringComparison.Ordinal);
    }
}
