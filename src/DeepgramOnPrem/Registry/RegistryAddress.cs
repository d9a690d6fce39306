using System;
using System.Globalization;
using System.Net;

namespace DeepgramOnPrem.Registry
{
    /// <summary>
    /// Registry names as docker login and podman login take them: a host with an optional port
    /// and path, such as <c>quay.io</c>, <c>127.0.0.1:5000</c> or <c>[::1]:5000</c>.
    /// </summary>
    internal static class RegistryAddress
    {
        /// <summary>
        /// Removes an <c>http://</c> or <c>https://</c> prefix and trailing slashes, lower-cases the
        /// host name, and rejects names that a tool would misread.
        /// </summary>
        /// <remarks>
        /// Host names are case-insensitive, but Docker CLI 28 and Podman 4.3 store a login under the
        /// registry name exactly as given. A pull looks the login up under the host in the image
        /// reference, which is lower-case in practice, as in quay.io/deepgram. So <c>QUAY.IO</c>
        /// becomes <c>quay.io</c>. The port and path are kept as typed, and an IPv6 literal such as
        /// <c>[FE80::1]:5000</c> is left unchanged.
        /// </remarks>
        /// <exception cref="ArgumentException">The name is empty, has whitespace or control characters, or starts with a dash (a tool would read it as an option).</exception>
        public static string Normalize(string registry)
        {
            string name = (registry ?? string.Empty).Trim();
            foreach (string scheme in new[] { "https://", "http://" })
            {
                if (name.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                {
                    name = name.Substring(scheme.Length);
                    break;
                }
            }

            name = name.TrimEnd('/');
            if (name.Length == 0)
            {
                throw new ArgumentException("The registry name '" + registry + "' is empty. Use a host name such as quay.io, with a port if needed, such as 127.0.0.1:5000.", nameof(registry));
            }

            if (name[0] == '-' || name[0] == '/')
            {
                throw new ArgumentException("The registry name '" + registry + "' is not valid because it starts with '" + name[0] + "'. Use a host name such as quay.io.", nameof(registry));
            }

            foreach (char c in name)
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    throw new ArgumentException("The registry name '" + registry + "' is not valid because it contains whitespace or a control character. Use a host name such as quay.io.", nameof(registry));
                }
            }

            return LowerCaseHostName(name);
        }

        /// <summary>
        /// Returns the host of a normalized registry name, without port, path or IPv6 brackets:
        /// <c>[::1]:5000/team</c> gives <c>::1</c>.
        /// </summary>
        public static string Host(string registry)
        {
            int slash = registry.IndexOf('/');
            string authority = slash >= 0 ? registry.Substring(0, slash) : registry;
            if (authority.StartsWith("[", StringComparison.Ordinal))
            {
                int close = authority.IndexOf(']');
                return close > 0 ? authority.Substring(1, close - 1) : authority.Substring(1);
            }

            if (IsBareIPv6(authority))
            {
                return authority;
            }

            int colon = authority.IndexOf(':');
            return colon >= 0 ? authority.Substring(0, colon) : authority;
        }

        private static string LowerCaseHostName(string name)
        {
            int slash = name.IndexOf('/');
            string authority = slash >= 0 ? name.Substring(0, slash) : name;
            string path = slash >= 0 ? name.Substring(slash) : string.Empty;
            if (authority.StartsWith("[", StringComparison.Ordinal) || IsBareIPv6(authority))
            {
                return name;
            }

            int colon = authority.IndexOf(':');
            string host = colon >= 0 ? authority.Substring(0, colon) : authority;
            string port = colon >= 0 ? authority.Substring(colon) : string.Empty;
            return host.ToLowerInvariant() + port + path;
        }

        // Two or more colons without brackets, such as ::1, cannot be a host and a port.
        private static bool IsBareIPv6(string authority)
        {
            int firstColon = authority.IndexOf(':');
            return firstColon >= 0 && authority.IndexOf(':', firstColon + 1) >= 0;
        }

        /// <summary>
        /// True for <c>localhost</c>, 127.0.0.0/8 in dotted-quad form and <c>::1</c>: loopback
        /// hosts, where a local test registry usually serves plain HTTP.
        /// </summary>
        public static bool IsLoopback(string registry)
        {
            string host = Host(registry);
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (host.IndexOf(':') >= 0)
            {
                return IPAddress.TryParse(host, out IPAddress? v6) && IPAddress.IPv6Loopback.Equals(v6);
            }

            // Only the dotted-quad form: IPAddress.TryParse also takes "127.1" and "2130706433",
            // which the tools, written in Go, resolve as host names instead.
            string[] parts = host.Split('.');
            if (parts.Length != 4)
            {
                return false;
            }

            foreach (string part in parts)
            {
                if (part.Length == 0 || part.Length > 3 || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > 255)
                {
                    return false;
                }
            }

            return parts[0] == "127";
        }

        /// <summary>
        /// Returns the key docker uses in config.json for a registry: the host and port without
        /// a path, or <c>https://index.docker.io/v1/</c> for Docker Hub.
        /// </summary>
        public static string DockerConfigKey(string registry)
        {
            int slash = registry.IndexOf('/');
            string authority = slash >= 0 ? registry.Substring(0, slash) : registry;
            switch (authority.ToLowerInvariant())
            {
                case "docker.io":
                case "index.docker.io":
                case "registry-1.docker.io":
                    return DockerHubConfigKey;
                default:
                    return authority;
            }
        }

        /// <summary>The config.json key of Docker Hub logins.</summary>
        public const string DockerHubConfigKey = "https://index.docker.io/v1/";
    }
}
