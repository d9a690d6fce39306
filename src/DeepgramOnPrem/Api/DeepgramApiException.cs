using System;

namespace DeepgramOnPrem.Api
{
    /// <summary>
    /// The kind of failure behind a <see cref="DeepgramApiException"/>. The cmdlets map each kind
    /// to an error id and a PowerShell error category.
    /// </summary>
    public enum DeepgramErrorKind
    {
        /// <summary>400: the request was invalid.</summary>
        InvalidRequest,
        /// <summary>401: the key is missing, unknown or of the wrong kind.</summary>
        Authentication,
        /// <summary>403: the key lacks a role or scope, or the project lacks self-hosted access.</summary>
        PermissionDenied,
        /// <summary>404: unknown project, credential or route.</summary>
        NotFound,
        /// <summary>409: the request conflicts with the current state.</summary>
        Conflict,
        /// <summary>429: the project's concurrency limit was hit and retries ran out.</summary>
        RateLimited,
        /// <summary>408 or 5xx: the server failed, and retries ran out.</summary>
        ServerError,
        /// <summary>No HTTP response: refused, reset, DNS or TLS failure.</summary>
        Network,
        /// <summary>The request timed out on the client.</summary>
        Timeout,
        /// <summary>The response could not be read as any shape the API is known to send.</summary>
        InvalidResponse,
        /// <summary>Any other status code.</summary>
        Unexpected,
    }

    /// <summary>
    /// A failed Deepgram API call, with what the server sent back.
    /// The message never contains the API key or a distribution secret.
    /// </summary>
    public sealed class DeepgramApiException : Exception
    {
        public DeepgramApiException(
            DeepgramErrorKind kind,
            string message,
            int? statusCode = null,
            string? errorCode = null,
            string? serverMessage = null,
            string? requestId = null,
            string? method = null,
            string? path = null,
            Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
            StatusCode = statusCode;
            ErrorCode = errorCode;
            ServerMessage = serverMessage;
            RequestId = requestId;
            Method = method;
            Path = path;
        }

        /// <summary>Failure class, independent of the HTTP status.</summary>
        public DeepgramErrorKind Kind { get; }

        /// <summary>HTTP status code, or null when no response arrived.</summary>
        public int? StatusCode { get; }

        /// <summary>Deepgram's <c>err_code</c> (legacy bodies) or <c>category</c> (current bodies).</summary>
        public string? ErrorCode { get; }

        /// <summary>Deepgram's <c>err_msg</c> or <c>message</c>, or a plain-text body.</summary>
        public string? ServerMessage { get; }

        /// <summary>Deepgram's request id, from the body or the <c>dg-request-id</c> header.</summary>
        public string? RequestId { get; }

        /// <summary>HTTP method of the failed request.</summary>
        public string? Method { get; }

        /// <summary>Path of the failed request, without the host.</summary>
        public string? Path { get; }

        /// <summary>
        /// True when a create request was sent but its outcome is unknown (timeout, dropped
        /// connection, cancellation, or a 5xx), so a credential may exist on the server.
        /// </summary>
        public bool CreateOutcomeUnknown { get; internal set; }

        /// <summary>Number of attempts made, including the first.</summary>
        public int Attempts { get; internal set; } = 1;
    }
}
