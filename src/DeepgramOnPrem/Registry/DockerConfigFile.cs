using System;
using System.IO;
using System.Text.Json;

namespace DeepgramOnPrem.Registry
{
    /// <summary>
    /// Reads Docker's config.json to tell whether a logout removed a login. Docker CLI 28 prints
    /// "Removing login credentials for X" and exits 0 whether or not there was one, so its output
    /// cannot tell.
    /// </summary>
    internal static class DockerConfigFile
    {
        public const string FileName = "config.json";

        /// <summary>
        /// Returns the folder docker uses: <paramref name="configPath"/>, else DOCKER_CONFIG, else
        /// .docker in the user's home folder.
        /// </summary>
        public static string Folder(string? configPath, Func<string, string?> getEnvironmentVariable)
        {
            if (!string.IsNullOrEmpty(configPath))
            {
                return configPath!;
            }

            string? variable = getEnvironmentVariable(ContainerTool.Docker.ConfigVariable());
            if (!string.IsNullOrEmpty(variable))
            {
                return variable!;
            }

            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        }

        /// <summary>
        /// True when the folder's config.json has an <c>auths</c> entry for the registry, under its
        /// host key or that key with an http:// or https:// prefix (the forms docker logout erases).
        /// False when the file or the entry is missing; null when the file cannot be read or parsed.
        /// </summary>
        public static bool? HasLogin(string folder, string registry)
        {
            string path = Path.Combine(folder, FileName);
            byte[] content;
            try
            {
                if (!File.Exists(path))
                {
                    return false;
                }

                content = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }

            return HasLogin(content, registry);
        }

        /// <summary>Checks config.json content; see <see cref="HasLogin(string, string)"/>.</summary>
        public static bool? HasLogin(byte[] content, string registry)
        {
            if (content.Length == 0)
            {
                // Docker treats an empty config.json as an empty configuration.
                return false;
            }

            string key = RegistryAddress.DockerConfigKey(registry);
            string[] keys = key == RegistryAddress.DockerHubConfigKey
                ? new[] { key }
                : new[] { key, "http://" + key, "https://" + key };
            try
            {
                using JsonDocument document = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                if (!document.RootElement.TryGetProperty("auths", out JsonElement auths) || auths.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                foreach (JsonProperty entry in auths.EnumerateObject())
                {
                    foreach (string candidate in keys)
                    {
                        if (string.Equals(entry.Name, candidate, StringComparison.OrdinalIgnoreCase))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
