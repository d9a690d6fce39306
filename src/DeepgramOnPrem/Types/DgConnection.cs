using System;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem
{
    /// <summary>
    /// The session's stored Deepgram connection. It shows the key only as a fingerprint.
    /// </summary>
    public sealed class DgConnection
    {
        public Uri BaseUri { get; set; } = DeepgramClientOptions.DefaultBaseAddress;

        /// <summary>Last four characters of the key, such as <c>…3b1f</c>.</summary>
        public string KeyFingerprint { get; set; } = string.Empty;

        /// <summary><c>Token</c> for an API key, <c>Bearer</c> for a JWT access token.</summary>
        public string AuthScheme { get; set; } = "Token";

        public RouteFamily RouteFamily { get; set; } = RouteFamily.SelfHosted;

        /// <summary>True when <c>GET /v1/projects</c> accepted the key.</summary>
        public bool Validated { get; set; }

        /// <summary>Projects the key can see, or null when validation was skipped.</summary>
        public int? ProjectCount { get; set; }

        public DateTimeOffset ConnectedAt { get; set; }

        public override string ToString() => "Deepgram at " + BaseUri + " with key " + KeyFingerprint;
    }
}
