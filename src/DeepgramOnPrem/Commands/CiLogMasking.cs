using System;
using System.IO;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// Registers secrets with the log masking of an Azure DevOps (<c>TF_BUILD</c>) or GitHub
    /// Actions (<c>GITHUB_ACTIONS</c>) runner, which read these commands from the process's
    /// standard output. Outside those runners it writes nothing.
    /// </summary>
    internal static class CiLogMasking
    {
        public static bool IsAzureDevOps(Func<string, string?> getVariable) =>
            string.Equals(getVariable("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase);

        public static bool IsGitHubActions(Func<string, string?> getVariable) =>
            string.Equals(getVariable("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>True in an Azure DevOps or GitHub Actions job, where <see cref="Register"/> writes commands.</summary>
        public static bool IsEnabled(Func<string, string?> getVariable) =>
            IsAzureDevOps(getVariable) || IsGitHubActions(getVariable);

        /// <summary>
        /// Writes one masking command per secret straight to standard output, bypassing
        /// PowerShell's streams so no transcript or redirected stream records the secret.
        /// </summary>
        public static void Register(Func<string, string?> getVariable, TextWriter output, params string[] secrets)
        {
            bool azure = IsAzureDevOps(getVariable);
            bool github = IsGitHubActions(getVariable);
            if (!azure && !github)
            {
                return;
            }

            foreach (string secret in secrets)
            {
                if (string.IsNullOrEmpty(secret))
                {
                    continue;
                }

                if (azure)
                {
                    output.WriteLine("##vso[task.setsecret]" + secret);
                }

                if (github)
                {
                    output.WriteLine("::add-mask::" + secret);
                }
            }

            output.Flush();
        }
    }
}
