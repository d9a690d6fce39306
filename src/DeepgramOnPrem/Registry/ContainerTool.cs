using System;
using System.IO;

namespace DeepgramOnPrem.Registry
{
    /// <summary>A container tool that can log in to an image registry.</summary>
    internal enum ContainerTool
    {
        Docker,
        Podman,
    }

    /// <summary>Per-tool facts: command name, config variable and install advice.</summary>
    internal static class ContainerTools
    {
        /// <summary>Parses <c>docker</c> or <c>podman</c>, ignoring case.</summary>
        public static ContainerTool Parse(string name)
        {
            if (string.Equals(name, "docker", StringComparison.OrdinalIgnoreCase))
            {
                return ContainerTool.Docker;
            }

            if (string.Equals(name, "podman", StringComparison.OrdinalIgnoreCase))
            {
                return ContainerTool.Podman;
            }

            throw new ArgumentException("The container tool '" + name + "' is not supported. Use docker or podman.", nameof(name));
        }

        /// <summary>The executable's base name, which is also the name users type.</summary>
        public static string CommandName(this ContainerTool tool) => tool == ContainerTool.Podman ? "podman" : "docker";

        /// <summary>
        /// The environment variable that points the tool at another login store: a folder that
        /// contains config.json for Docker, the auth.json file itself for Podman.
        /// </summary>
        public static string ConfigVariable(this ContainerTool tool) => tool == ContainerTool.Podman ? "REGISTRY_AUTH_FILE" : "DOCKER_CONFIG";

        /// <summary>
        /// Returns why <paramref name="fullPath"/> cannot be the tool's login store, or null when it
        /// can. Docker needs a folder, where it keeps config.json, and Podman needs the auth file
        /// itself. A path that does not exist yet is fine for both, because the tool creates it.
        /// </summary>
        public static string? ConfigPathProblem(this ContainerTool tool, string fullPath)
        {
            if (tool == ContainerTool.Docker && File.Exists(fullPath))
            {
                string folder = Path.GetDirectoryName(fullPath) ?? fullPath;
                return "It is a file, but Docker needs a folder, where it keeps config.json. Pass a folder, such as " + folder + ".";
            }

            if (tool == ContainerTool.Podman && Directory.Exists(fullPath))
            {
                return "It is a folder, but Podman needs the path of its auth file, such as " + Path.Combine(fullPath, "auth.json") + ".";
            }

            return null;
        }

        public static string InstallAdvice(this ContainerTool tool) => tool == ContainerTool.Podman
            ? "Install Podman (on Debian or Ubuntu: apt-get install podman; on Windows or macOS: Podman Desktop) and make sure podman is on PATH, or pass -ToolPath with the full path to the podman executable."
            : "Install the Docker CLI (on Debian or Ubuntu: apt-get install docker.io; on Windows or macOS: Docker Desktop) and make sure docker is on PATH, or pass -ToolPath with the full path to the docker executable.";
    }
}
