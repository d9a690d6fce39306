using System;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Security;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem.Commands
{
    /// <summary>A connection stored by <c>Connect-DgAccount</c>.</summary>
    internal sealed class StoredConnection
    {
        public StoredConnection(SecureString apiKey, Uri baseUri, RouteFamily routeFamily, DgConnection info)
        {
            ApiKey = apiKey;
            BaseUri = baseUri;
            RouteFamily = routeFamily;
            Info = info;
        }

        public SecureString ApiKey { get; }

        public Uri BaseUri { get; }

        public RouteFamily RouteFamily { get; }

        public DgConnection Info { get; }
    }

    /// <summary>
    /// Keeps one connection per runspace, so runspaces in one process (ForEach-Object -Parallel,
    /// thread jobs, runspace pools) never see each other's keys. The table references the runspace
    /// weakly, so a closed runspace takes its key with it.
    /// </summary>
    internal static class ConnectionStore
    {
        private static readonly ConditionalWeakTable<Runspace, StoredConnection> Connections = new ConditionalWeakTable<Runspace, StoredConnection>();

        public static StoredConnection? Current
        {
            get
            {
                Runspace? runspace = Runspace.DefaultRunspace;
                if (runspace == null)
                {
                    return null;
                }

                return Connections.TryGetValue(runspace, out StoredConnection? connection) ? connection : null;
            }
        }

        public static void Set(StoredConnection connection)
        {
            Runspace runspace = Runspace.DefaultRunspace
                ?? throw new InvalidOperationException("Connect-DgAccount needs a PowerShell runspace on the current thread.");
            Connections.Remove(runspace);
            Connections.Add(runspace, connection);
        }

        /// <summary>Forgets the runspace's connection and returns it, or null when there was none.</summary>
        public static StoredConnection? Remove()
        {
            Runspace? runspace = Runspace.DefaultRunspace;
            if (runspace == null || !Connections.TryGetValue(runspace, out StoredConnection? connection))
            {
                return null;
            }

            Connections.Remove(runspace);
            return connection;
        }
    }
}
