using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeepgramOnPrem.Registry
{
    /// <summary>
    /// Writes a Kubernetes Secret of type <c>kubernetes.io/dockerconfigjson</c>, the form that a
    /// Pod's imagePullSecrets use, as YAML or JSON for <c>kubectl apply -f -</c>.
    /// </summary>
    internal static class ImagePullSecretWriter
    {
        public const string SecretType = "kubernetes.io/dockerconfigjson";
        public const string DataKey = ".dockerconfigjson";

        // The default encoder escapes '+' as \u002B, which is valid but hides "deepgram+<id>" from a reader.
        private static readonly JsonWriterOptions CompactOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private static readonly JsonWriterOptions IndentedOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

        /// <summary>
        /// Returns the manifest, without a trailing newline, with lines separated by "\n".
        /// <paramref name="secret"/> is the secret's UTF-8 bytes, which the caller clears.
        /// </summary>
        /// <exception cref="ArgumentException">The name is not a DNS-1123 subdomain, or the namespace is not a DNS-1123 label.</exception>
        public static string Write(string name, string? kubernetesNamespace, string registry, string userName, byte[] secret, bool asJson) =>
            WriteManifest(name, kubernetesNamespace, EncodeData(registry, userName, secret), asJson);

        /// <summary>
        /// Returns the <c>.dockerconfigjson</c> value of the manifest: base64 of
        /// <see cref="DockerConfigJson"/>. It contains the secret, so treat it like the secret.
        /// </summary>
        public static string EncodeData(string registry, string userName, byte[] secret)
        {
            byte[] json = DockerConfigJson(registry, userName, secret);
            try
            {
                return Convert.ToBase64String(json);
            }
            finally
            {
                Array.Clear(json, 0, json.Length);
            }
        }

        /// <summary>
        /// Returns the manifest around <paramref name="data"/>, a value from <see cref="EncodeData"/>,
        /// in the form that <see cref="Write"/> describes.
        /// </summary>
        /// <exception cref="ArgumentException">The name is not a DNS-1123 subdomain, or the namespace is not a DNS-1123 label.</exception>
        public static string WriteManifest(string name, string? kubernetesNamespace, string data, bool asJson)
        {
            if (!KubernetesNames.IsDnsSubdomain(name))
            {
                throw new ArgumentException("The Secret name '" + name + "' is not a valid Kubernetes name. Use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit.", nameof(name));
            }

            if (kubernetesNamespace != null && !KubernetesNames.IsDnsLabel(kubernetesNamespace))
            {
                throw new ArgumentException("The namespace '" + kubernetesNamespace + "' is not a valid Kubernetes namespace. Use lower-case letters, digits and '-', starting and ending with a letter or digit.", nameof(kubernetesNamespace));
            }

            return asJson
                ? ManifestJson(name, kubernetesNamespace, data)
                : ManifestYaml(name, kubernetesNamespace, data);
        }

        /// <summary>
        /// Returns <c>{"auths":{"&lt;registry&gt;":{"username","password","auth"}}}</c> as UTF-8,
        /// where <c>auth</c> is base64 of <c>user:secret</c>, as docker writes config.json.
        /// </summary>
        internal static byte[] DockerConfigJson(string registry, string userName, byte[] secret)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, CompactOptions))
            {
                writer.WriteStartObject();
                writer.WriteStartObject("auths");
                writer.WriteStartObject(registry);
                writer.WriteString("username", userName);
                writer.WriteString("password", secret);
                writer.WriteString("auth", EncodeAuth(userName, secret));
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            byte[] json = buffer.ToArray();

            // The stream's own buffer contains a copy of the password too.
            Array.Clear(buffer.GetBuffer(), 0, (int)buffer.Length);
            return json;
        }

        /// <summary>Returns the <c>auth</c> field of config.json: base64 of <c>user:secret</c> in UTF-8.</summary>
        public static string EncodeAuth(string userName, byte[] secret)
        {
            byte[] user = new UTF8Encoding(false).GetBytes(userName);
            byte[] pair = new byte[user.Length + 1 + secret.Length];
            try
            {
                Buffer.BlockCopy(user, 0, pair, 0, user.Length);
                pair[user.Length] = (byte)':';
                Buffer.BlockCopy(secret, 0, pair, user.Length + 1, secret.Length);
                return Convert.ToBase64String(pair);
            }
            finally
            {
                Array.Clear(pair, 0, pair.Length);
            }
        }

        private static string ManifestJson(string name, string? kubernetesNamespace, string data)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, IndentedOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("apiVersion", "v1");
                writer.WriteString("kind", "Secret");
                writer.WriteStartObject("metadata");
                writer.WriteString("name", name);
                if (kubernetesNamespace != null)
                {
                    writer.WriteString("namespace", kubernetesNamespace);
                }

                writer.WriteEndObject();
                writer.WriteString("type", SecretType);
                writer.WriteStartObject("data");
                writer.WriteString(DataKey, data);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            // Before .NET 9, Utf8JsonWriter indents with the platform's newline, but the manifest uses "\n" everywhere.
            return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n");
        }

        private static string ManifestYaml(string name, string? kubernetesNamespace, string data)
        {
            // Values are double-quoted, because YAML 1.1 parsers, kubectl's among them, would read
            // a valid namespace such as "yes", "on" or "null" as a boolean or null.
            // DNS names and base64 need no escapes inside double quotes.
            var builder = new StringBuilder();
            builder.Append("apiVersion: v1\n");
            builder.Append("kind: Secret\n");
            builder.Append("metadata:\n");
            builder.Append("  name: \"").Append(name).Append("\"\n");
            if (kubernetesNamespace != null)
            {
                builder.Append("  namespace: \"").Append(kubernetesNamespace).Append("\"\n");
            }

            builder.Append("type: ").Append(SecretType).Append('\n');
            builder.Append("data:\n");
            builder.Append("  ").Append(DataKey).Append(": \"").Append(data).Append('"');
            return builder.ToString();
        }
    }
}
