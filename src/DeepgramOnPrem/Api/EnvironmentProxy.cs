using System;
using System.Collections.Generic;
using System.Net;

namespace DeepgramOnPrem.Api
{
    /// <summary>
    /// A proxy from <c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c> and <c>NO_PROXY</c> (upper or lower case),
    /// read the same way on .NET Framework, where the platform ignores these variables, and on .NET.
    /// Loopback addresses are not bypassed unless <c>NO_PROXY</c> names them, as curl does.
    /// </summary>
    internal sealed class EnvironmentProxy : IWebProxy
    {
        private readonly Uri? _httpsProxy;
        private readonly Uri? _httpProxy;
        private readonly string[] _bypass;

        private EnvironmentProxy(Uri? httpsProxy, Uri? httpProxy, string[] bypass)
        {
            _httpsProxy = httpsProxy;
            _httpProxy = httpProxy;
            _bypass = bypass;
        }

        public ICredentials? Credentials { get; set; }

        /// <summary>The variables as one string, so clients can be cached per proxy setting.</summary>
        public static string Snapshot(Func<string, string?> getVariable) =>
            string.Join("\n", Read(getVariable, "HTTPS_PROXY"), Read(getVariable, "HTTP_PROXY"), Read(getVariable, "NO_PROXY"));

        /// <summary>Builds a proxy from the variables, or returns null when neither proxy variable is set.</summary>
        public static EnvironmentProxy? FromEnvironment(Func<string, string?> getVariable)
        {
            Uri? https = ParseProxy(Read(getVariable, "HTTPS_PROXY"));
            Uri? http = ParseProxy(Read(getVariable, "HTTP_PROXY"));
            if (https == null && http == null)
            {
                return null;
            }

            var bypass = new List<string>();
            foreach (string entry in (Read(getVariable, "NO_PROXY") ?? string.Empty).Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                bypass.Add(entry.Trim().ToLowerInvariant());
            }

            return new EnvironmentProxy(https, http, bypass.ToArray());
        }

        public Uri? GetProxy(Uri destination)
        {
            // Null means a direct connection. With no HTTPS_PROXY, https traffic goes direct, as curl and .NET do.
            return IsBypassed(destination) ? null : (destination.Scheme == Uri.UriSchemeHttps ? _httpsProxy : _httpProxy);
        }

        public bool IsBypassed(Uri host)
        {
            if ((host.Scheme == Uri.UriSchemeHttps ? _httpsProxy : _httpProxy) == null)
            {
                return true;
            }

            string name = host.IdnHost.Trim('[', ']').ToLowerInvariant();
            foreach (string entry in _bypass)
            {
                if (entry == "*")
                {
                    return true;
                }

                string pattern = entry;
                string? port = null;
                int colon = pattern.LastIndexOf(':');
                if (colon > 0 && pattern.IndexOf(':') == colon && int.TryParse(pattern.Substring(colon + 1), out _))
                {
                    port = pattern.Substring(colon + 1);
                    pattern = pattern.Substring(0, colon);
                }

                if (port != null && port != host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    continue;
                }

                pattern = pattern.Trim('[', ']').TrimStart('*');
                if (pattern.StartsWith(".", StringComparison.Ordinal))
                {
                    if (name.EndsWith(pattern, StringComparison.Ordinal) || name == pattern.Substring(1))
                    {
                        return true;
                    }
                }
                else if (name == pattern || name.EndsWith("." + pattern, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? Read(Func<string, string?> getVariable, string name)
        {
            string? value = getVariable(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                value = getVariable(name.ToLowerInvariant());
            }

            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        private static Uri? ParseProxy(string? value)
        {
            if (value == null)
            {
                return null;
            }

            // curl accepts a bare host:port, meaning http://host:port.
            string candidate = value.Contains("://") ? value : "http://" + value;
            return Uri.TryCreate(candidate, UriKind.Absolute, out Uri? uri) ? uri : null;
        }
    }
}
