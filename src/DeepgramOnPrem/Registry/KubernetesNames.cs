using System.Text.RegularExpressions;

namespace DeepgramOnPrem.Registry
{
    /// <summary>The Kubernetes object name rules (RFC 1123 DNS names) that Secret names and namespaces follow.</summary>
    internal static class KubernetesNames
    {
        public const int MaxSubdomainLength = 253;
        public const int MaxLabelLength = 63;

        private static readonly Regex Label = new Regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant);

        private static readonly Regex Subdomain = new Regex(
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant);

        /// <summary>True for a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit.</summary>
        public static bool IsDnsSubdomain(string? name) =>
            name != null && name.Length <= MaxSubdomainLength && Subdomain.IsMatch(name);

        /// <summary>True for a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit.</summary>
        public static bool IsDnsLabel(string? name) =>
            name != null && name.Length <= MaxLabelLength && Label.IsMatch(name);
    }
}
