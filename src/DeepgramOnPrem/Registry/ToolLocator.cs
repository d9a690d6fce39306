using System;
using System.IO;
using System.Runtime.InteropServices;

namespace DeepgramOnPrem.Registry
{
    /// <summary>Finds the container tool's executable before anything is started.</summary>
    internal static class ToolLocator
    {
        /// <summary>
        /// Returns the full path of the tool. A <paramref name="toolPath"/> with a folder in it must
        /// name an existing file. A bare name, or the tool's own name when
        /// <paramref name="toolPath"/> is null, is looked up in the folders of
        /// <paramref name="pathVariable"/>, with <c>.exe</c> added on Windows.
        /// </summary>
        /// <exception cref="ContainerToolException">Kind <see cref="ToolFailureKind.ToolNotFound"/>.</exception>
        public static string Resolve(ContainerTool tool, string? toolPath, string? pathVariable)
        {
            string command = tool.CommandName();
            if (!string.IsNullOrEmpty(toolPath))
            {
                bool hasFolder = toolPath!.IndexOf(Path.DirectorySeparatorChar) >= 0 || toolPath.IndexOf(Path.AltDirectorySeparatorChar) >= 0;
                if (hasFolder || Path.IsPathRooted(toolPath))
                {
                    if (File.Exists(toolPath))
                    {
                        return Path.GetFullPath(toolPath);
                    }

                    string reason = Directory.Exists(toolPath)
                        ? "The tool path '" + toolPath + "' is a folder, not the " + command + " executable."
                        : "The tool path '" + toolPath + "' does not exist.";
                    throw new ContainerToolException(ToolFailureKind.ToolNotFound, tool, reason, tool.InstallAdvice());
                }

                command = toolPath;
            }

            string? found = SearchPath(command, pathVariable);
            if (found == null)
            {
                throw new ContainerToolException(
                    ToolFailureKind.ToolNotFound,
                    tool,
                    "The command '" + command + "' was not found in any folder on PATH.",
                    tool.InstallAdvice());
            }

            return found;
        }

        private static string? SearchPath(string command, string? pathVariable)
        {
            if (string.IsNullOrEmpty(pathVariable))
            {
                return null;
            }

            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            string[] names = windows && string.IsNullOrEmpty(Path.GetExtension(command))
                ? new[] { command + ".exe", command }
                : new[] { command };
            foreach (string folder in pathVariable!.Split(Path.PathSeparator))
            {
                string trimmed = folder.Trim().Trim('"');
                if (trimmed.Length == 0)
                {
                    continue;
                }

                foreach (string name in names)
                {
                    string candidate;
                    try
                    {
                        candidate = Path.Combine(trimmed, name);
                    }
                    catch (ArgumentException)
                    {
                        // A PATH entry with characters that are invalid in a path.
                        break;
                    }

                    if (File.Exists(candidate))
                    {
                        return Path.GetFullPath(candidate);
                    }
                }
            }

            return null;
        }
    }
}
