using System;

namespace DeepgramOnPrem.Api
{
    /// <summary>Settings for one <see cref="DeepgramClient"/>.</summary>
    public sealed class DeepgramClientOptions
    {
        /// <summary>Deepgram's management host; the regional hosts serve only speech endpoints.</summary>
        public static readonly Uri DefaultBaseAddress = new Uri("https://api.deepgram.com/");

        // Computed once, because Assembly.GetName is slow and every cmdlet call creates new options.
        private static readonly string DefaultUserAgent = "DeepgramOnPrem/" + typeof(DeepgramClientOptions).Assembly.GetName().Version;

        /// <summary>Per-attempt deadline used when none is given.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

        public DeepgramClientOptions(string apiKey)
        {
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                throw new ArgumentException("The API key is empty.", nameof(apiKey));
            }

            string key = apiKey.Trim();
            foreach (char c in key)
            {
                // An HTTP header carries only visible ASCII, and a Deepgram key is 40 hexadecimal characters.
                if (c < '!' || c > '~')
                {
                    throw new ArgumentException(
                        c < ' ' || char.IsWhiteSpace(c)
                            ? "it contains a space, tab or line break."
                            : "it contains a character outside visible ASCII (code point U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + ").");
                }
            }

            ApiKey = key;
        }

        /// <summary>A Deepgram API key (sent as <c>Token</c>) or a JWT access token (sent as <c>Bearer</c>).</summary>
        public string ApiKey { get; }

        public Uri BaseAddress { get; set; } = DefaultBaseAddress;

        public RouteFamily RouteFamily { get; set; } = RouteFamily.SelfHosted;

        /// <summary>
        /// Deadline for one attempt to receive the response headers, and again for reading its
        /// body. A streamed list body instead gets it for each wait for more bytes.
        /// </summary>
        public TimeSpan Timeout { get; set; } = DefaultTimeout;

        public RetryPolicy RetryPolicy { get; set; } = new RetryPolicy();

        public string UserAgent { get; set; } = DefaultUserAgent;

        /// <summary>True when the key looks like a JWT (three base64url parts), so it is sent as Bearer.</summary>
        public bool IsAccessToken => LooksLikeJwt(ApiKey);

        public static bool LooksLikeJwt(string key)
        {
            string[] parts = key.Split('.');
            if (parts.Length != 3 || !key.StartsWith("eyJ", StringComparison.Ordinal))
            {
                return false;
            }

            foreach (string part in parts)
            {
                if (part.Length == 0)
                {
                    return false;
                }

                foreach (char c in part)
                {
                    bool base64Url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '=';
                    if (!base64Url)
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
