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
        /// Keys are compared case-sensitively, as docker logout erases them.
        /// False when the file or the entry is missing; null when the file cannot be read or parsed.
        /// </summary>
        public static bool? HasLogin(string folder, string registry)
        {
            byte[]? content = Read(folder, out bool readable);
            return readable ? HasLogin(content ?? Array.Empty<byte>(), registry) : null;
        }

        /// <summary>Checks config.json content; see <see cref="HasLogin(string, string)"/>.</summary>
        public static bool? HasLogin(byte[] content, string registry) =>
            FindLogin(content, registry, StringComparison.Ordinal, out _);

        /// <summary>
        /// Returns the key of an <c>auths</c> entry that matches the registry only when letter case
        /// is ignored, such as <c>QUAY.IO</c> for <c>quay.io</c>, or null when there is none or the
        /// file cannot be read. docker logout leaves such an entry in place, because it erases keys
        /// case-sensitively.
        /// </summary>
        public static string? FindLoginInOtherCase(string folder, string registry)
        {
            byte[]? content = Read(folder, out bool readable);
            return readable && content != null ? FindLoginInOtherCase(content, registry) : null;
        }

        /// <summary>Checks config.json content; see <see cref="FindLoginInOtherCase(string, string)"/>.</summary>
        public static string? FindLoginInOtherCase(byte[] content, string registry)
        {
            if (FindLogin(content, registry, StringComparison.Ordinal, out _) != false)
            {
                return null;
            }

            return FindLogin(content, registry, StringComparison.OrdinalIgnoreCase, out string? key) == true ? key : null;
        }

        /// <summary>
        /// Returns the folder's config.json content, or null when the file does not exist or could
        /// not be read. <paramref name="readable"/> distinguishes those two cases.
        /// </summary>
        private static byte[]? Read(string folder, out bool readable)
        {
            string path = Path.Combine(folder, FileName);
            readable = true;
            try
            {
                return File.Exists(path) ? File.ReadAllBytes(path) : null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                readable = false;
                return null;
            }
        }

        private static bool? FindLogin(byte[] content, string registry, StringComparison comparison, out string? matchedKey)
        {
            matchedKey = null;
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
                        if (string.Equals(entry.Name, candidate, comparison))
                        {
                            matchedKey = entry.Name;
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
