using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;

namespace DeepgramOnPrem.Api
{
    /// <summary>
    /// One long-lived <see cref="HttpClient"/> per proxy setting, shared by every request in the
    /// process, so connections are pooled and sockets are not exhausted by cmdlet loops.
    /// </summary>
    internal static class HttpClientCache
    {
        private static readonly ConcurrentDictionary<string, HttpClient> Clients = new ConcurrentDictionary<string, HttpClient>();

        static HttpClientCache()
        {
            EnableTls12();
        }

        public static HttpClient Get()
        {
            string snapshot = EnvironmentProxy.Snapshot(Environment.GetEnvironmentVariable);
            return Clients.GetOrAdd(snapshot, _ => Create());
        }

        /// <summary>
        /// Adds TLS 1.2 to the protocols .NET Framework offers; Windows PowerShell 5.1 may default
        /// to TLS 1.0, which api.deepgram.com rejects. On .NET the default already covers it.
        /// </summary>
        internal static void EnableTls12()
        {
            if (System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
            }
        }

        private static HttpClient Create()
        {
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                UseProxy = true,
            };

            EnvironmentProxy? proxy = EnvironmentProxy.FromEnvironment(Environment.GetEnvironmentVariable);
            if (proxy != null)
            {
                handler.Proxy = proxy;
            }
            else
            {
                // Null keeps the platform's default proxy: the system settings on Windows.
                handler.Proxy = null;
                handler.DefaultProxyCredentials = CredentialCache.DefaultCredentials;
            }

            // Each request sets its own deadline, so the client-wide timeout is off.
            return new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }
    }
}
