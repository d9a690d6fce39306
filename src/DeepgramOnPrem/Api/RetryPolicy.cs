using System;
using System.Globalization;
using System.Linq;
using System.Net.Http.Headers;

namespace DeepgramOnPrem.Api
{
    /// <summary>What a request does on the server, which decides when it is safe to send again.</summary>
    public enum RequestKind
    {
        /// <summary>GET: safe to repeat.</summary>
        Read,
        /// <summary>DELETE: repeating it deletes nothing more.</summary>
        Delete,
        /// <summary>
        /// POST create: repeating it after the server acted mints a second credential whose secret
        /// no caller receives, so it is repeated only when the server certainly did not act.
        /// </summary>
        Create,
    }

    /// <summary>
    /// Decides whether a failed attempt is retried and how long to wait first. Reads and deletes
    /// retry 408, 429 and 5xx and network failures; a create retries only a 429 and a connection
    /// that was never made. The wait is the server's <c>retry-after-ms</c>, else <c>Retry-After</c>
    /// (seconds or an HTTP date), else <c>X-RateLimit-Reset</c>, else exponential backoff with
    /// jitter, and never more than <see cref="MaxDelay"/>.
    /// </summary>
    public sealed class RetryPolicy
    {
        /// <summary>Two retries, three attempts in all, as Deepgram's generated SDKs do.</summary>
        public const int DefaultMaxRetries = 2;

        private readonly Random _random;
        private readonly object _randomLock = new object();

        public RetryPolicy(int maxRetries = DefaultMaxRetries, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, int? seed = null)
        {
            if (maxRetries < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxRetries), maxRetries, "The retry count cannot be negative.");
            }

            MaxRetries = maxRetries;
            BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(500);
            MaxDelay = maxDelay ?? TimeSpan.FromSeconds(30);
            _random = seed.HasValue ? new Random(seed.Value) : new Random();
        }

        /// <summary>A policy that never retries.</summary>
        public static RetryPolicy None { get; } = new RetryPolicy(0);

        /// <summary>Retries after the first attempt.</summary>
        public int MaxRetries { get; }

        /// <summary>Backoff before the first retry when the server sends no retry header; it doubles each retry.</summary>
        public TimeSpan BaseDelay { get; }

        /// <summary>Upper bound on any wait, including one a server header requests.</summary>
        public TimeSpan MaxDelay { get; }

        public bool ShouldRetryStatus(int statusCode, RequestKind kind)
        {
            if (kind == RequestKind.Create)
            {
                // Only a 429 is known to be rejected before any work; a 5xx may come after the insert.
                return statusCode == 429;
            }

            return statusCode == 408 || statusCode == 429 || (statusCode >= 500 && statusCode <= 599);
        }

        /// <param name="kind">What the request does on the server.</param>
        /// <param name="connectionEstablished">False when the request never left the machine (refused, DNS).</param>
        public bool ShouldRetryNetworkFailure(RequestKind kind, bool connectionEstablished) =>
            kind != RequestKind.Create || !connectionEstablished;

        /// <summary>
        /// Computes the wait before retry number <paramref name="retry"/> (1 for the first retry).
        /// </summary>
        public TimeSpan GetDelay(int retry, HttpResponseHeaders? headers, DateTimeOffset now)
        {
            TimeSpan? fromServer = headers == null ? null : ReadServerDelay(headers, now);
            TimeSpan delay = fromServer ?? Backoff(retry);
            if (delay < TimeSpan.Zero)
            {
                delay = TimeSpan.Zero;
            }

            return delay > MaxDelay ? MaxDelay : delay;
        }

        /// <summary>Reads the wait a response requests, from the headers in the order above, or returns null.</summary>
        public static TimeSpan? ReadServerDelay(HttpResponseHeaders headers, DateTimeOffset now)
        {
            string? milliseconds = First(headers, "retry-after-ms");
            if (milliseconds != null
                && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out double ms)
                && ms >= 0 && !double.IsInfinity(ms))
            {
                return TimeSpan.FromMilliseconds(Math.Min(ms, TimeSpan.MaxValue.TotalMilliseconds / 2));
            }

            string? retryAfter = First(headers, "Retry-After");
            if (retryAfter != null)
            {
                if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
                {
                    return FromSeconds(seconds);
                }

                if (DateTimeOffset.TryParseExact(retryAfter, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at)
                    || DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
                {
                    return at - now;
                }
            }

            string? reset = First(headers, "X-RateLimit-Reset");
            if (reset != null && double.TryParse(reset, NumberStyles.Float, CultureInfo.InvariantCulture, out double resetValue) && resetValue >= 0)
            {
                // Servers send either a Unix time in seconds or seconds from now; a value past
                // 2001-09-09 (10^9 seconds) can only be the former.
                if (resetValue >= 1e9)
                {
                    return DateTimeOffset.FromUnixTimeMilliseconds((long)(resetValue * 1000)) - now;
                }

                return FromSeconds(resetValue);
            }

            return null;
        }

        private TimeSpan Backoff(int retry)
        {
            double exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1));
            double factor;
            lock (_randomLock)
            {
                // Jitter between 50 % and 100 % spreads clients that failed together.
                factor = 0.5 + (_random.NextDouble() * 0.5);
            }

            return TimeSpan.FromMilliseconds(Math.Min(exponential * factor, MaxDelay.TotalMilliseconds));
        }

        private static TimeSpan FromSeconds(double seconds) =>
            TimeSpan.FromMilliseconds(Math.Min(seconds * 1000, TimeSpan.MaxValue.TotalMilliseconds / 2));

        private static string? First(HttpResponseHeaders headers, string name) =>
            headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
    }
}
