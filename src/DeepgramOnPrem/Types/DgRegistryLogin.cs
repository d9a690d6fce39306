using System;

namespace DeepgramOnPrem
{
    /// <summary>A container tool's login to a registry, as <c>Connect-DgRegistry</c> made it.</summary>
    public sealed class DgRegistryLogin
    {
        public string Registry { get; set; } = string.Empty;

        public string UserName { get; set; } = string.Empty;

        /// <summary><c>docker</c> or <c>podman</c>.</summary>
        public string Tool { get; set; } = string.Empty;

        /// <summary>Folder (Docker) or file (Podman) the login was stored in, or null for the tool's default.</summary>
        public string? ConfigPath { get; set; }

        /// <summary>The credential the login used, when it came from one.</summary>
        public Guid? DistributionCredentialId { get; set; }

        public override string ToString() => Tool + " logged in to " + Registry + " as " + UserName;
    }
}
