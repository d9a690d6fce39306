using System;

namespace DeepgramOnPrem.Api
{
    /// <summary>
    /// The request and status line that a response body belongs to. Failures raised while the
    /// body is read or parsed carry no HTTP details of their own, so they are rethrown with these.
    /// </summary>
    internal sealed class ResponseContext
    {
        public ResponseContext(string method, string path, int statusCode, string? requestId, int attempts)
        {
            Method = method;
            Path = path;
            StatusCode = statusCode;
            RequestId = requestId;
            Attempts = attempts;
        }

        public string Method { get; }

        /// <summary>Path with its leading slash, without the host.</summary>
        public string Path { get; }

        public int StatusCode { get; }

        public string? RequestId { get; }

        public int Attempts { get; }

        /// <summary>
        /// Returns an exception of the same kind whose message starts with the request and status,
        /// such as "GET /v1/projects returned 200, but the response could not be read: …".
        /// </summary>
        public DeepgramApiException Wrap(DeepgramApiException inner)
        {
            string reason = inner.Message.Length > 0
                ? char.ToLowerInvariant(inner.Message[0]) + inner.Message.Substring(1)
                : "its body could not be read.";
            return new DeepgramApiException(
                inner.Kind,
                Method + " " + Path + " returned " + StatusCode + ", but " + reason,
                StatusCode,
                errorCode: null,
                serverMessage: null,
                RequestId,
                Method,
                Path,
                inner)
            {
                CreateOutcomeUnknown = inner.CreateOutcomeUnknown,
                Attempts = Attempts,
            };
        }
    }
}
