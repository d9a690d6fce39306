using System;

namespace DeepgramOnPrem.Api
{
    /// <summary>
    /// Receives what the client does. Calls may come from any thread, and no message carries the
    /// API key or a secret.
    /// </summary>
    public interface IDeepgramLog
    {
        /// <summary>One line per request: method, path, status, time and request id.</summary>
        void Verbose(string message);

        /// <summary>Request and response bodies, with secrets redacted.</summary>
        void Debug(string message);

        /// <summary>A retry wait is starting.</summary>
        void RetryWait(string activity, TimeSpan delay, int retry, int maxRetries);
    }

    /// <summary>A log that drops everything.</summary>
    public sealed class NullDeepgramLog : IDeepgramLog
    {
        public static NullDeepgramLog Instance { get; } = new NullDeepgramLog();

        public void Verbose(string message)
        {
        }

        public void Debug(string message)
        {
        }

        public void RetryWait(string activity, TimeSpan delay, int retry, int maxRetries)
        {
        }
    }
}
