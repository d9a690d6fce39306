using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DeepgramOnPrem.Api
{
    /// <summary>
    /// Client for Deepgram's project and distribution credential endpoints. It is cheap to create
    /// and shares one long-lived <see cref="HttpClient"/> per process. Every failure surfaces as a
    /// <see cref="DeepgramApiException"/>, or as <see cref="OperationCanceledException"/> when the
    /// caller's token is cancelled.
    /// </summary>
    public sealed class DeepgramClient
    {
        private const int MaxErrorBodyBytes = 64 * 1024;

        private readonly DeepgramClientOptions _options;
        private readonly IDeepgramLog _log;
        private readonly HttpClient _http;
        private readonly Uri _baseAddress;

        public DeepgramClient(DeepgramClientOptions options, IDeepgramLog? log = null)
            : this(options, log, HttpClientCache.Get())
        {
        }

        internal DeepgramClient(DeepgramClientOptions options, IDeepgramLog? log, HttpClient http)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _log = log ?? NullDeepgramLog.Instance;
            _http = http;

            // A base address without a trailing slash would drop its last segment when paths are appended.
            string text = options.BaseAddress.GetLeftPart(UriPartial.Path);
            _baseAddress = new Uri(text.EndsWith("/", StringComparison.Ordinal) ? text : text + "/");
        }

        public DeepgramClientOptions Options => _options;

        public Task<IReadOnlyList<ProjectInfo>> ListProjectsAsync(CancellationToken cancellationToken) =>
            SendAndParseAsync(HttpMethod.Get, Routes.Projects, null, RequestKind.Read, ResponseParser.ParseProjects, cancellationToken);

        public Task<ProjectInfo> GetProjectAsync(Guid projectId, CancellationToken cancellationToken) =>
            SendAndParseAsync(HttpMethod.Get, Routes.Project(projectId), null, RequestKind.Read, ResponseParser.ParseProject, cancellationToken);

        /// <summary>
        /// Starts listing a project's credentials and returns a reader that streams the entries
        /// as the body arrives. The caller disposes the reader.
        /// </summary>
        public async Task<CredentialListReader> OpenCredentialListAsync(Guid projectId, CancellationToken cancellationToken)
        {
            string path = Routes.Credentials(projectId, _options.RouteFamily);
            (HttpResponseMessage response, ResponseContext context) = await SendAsync(HttpMethod.Get, path, null, RequestKind.Read, cancellationToken).ConfigureAwait(false);
            try
            {
                Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                _log.Debug("Response body of GET /" + path + " is streamed and not shown.");
                return new CredentialListReader(response, new IdleTimeoutStream(stream, _options.Timeout), projectId, context);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        public async Task<IReadOnlyList<DistributionCredentialInfo>> ListCredentialsAsync(Guid projectId, CancellationToken cancellationToken)
        {
            var items = new List<DistributionCredentialInfo>();
            using (CredentialListReader reader = await OpenCredentialListAsync(projectId, cancellationToken).ConfigureAwait(false))
            {
                DistributionCredentialInfo? item;
                while ((item = await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false)) != null)
                {
                    items.Add(item);
                }
            }

            return items;
        }

        public async Task<DistributionCredentialInfo> GetCredentialAsync(Guid projectId, Guid credentialId, CancellationToken cancellationToken)
        {
            string path = Routes.Credential(projectId, credentialId, _options.RouteFamily);
            return await SendAndParseAsync(HttpMethod.Get, path, null, RequestKind.Read, body => ResponseParser.ParseCredential(body, projectId), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Creates a credential. The result carries the secret when the server sent one: the
        /// flat response of the live API does, but the wrapped shape in the OpenAPI spec does not.
        /// </summary>
        public async Task<DistributionCredentialInfo> CreateCredentialAsync(Guid projectId, CreateCredentialRequest request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            // The body form is used because the live API rejects scopes and provider in the query string.
            byte[] payload = SerializeCreate(request);
            string path = Routes.Credentials(projectId, _options.RouteFamily);
            return await SendAndParseAsync(HttpMethod.Post, path, payload, RequestKind.Create, body => ResponseParser.ParseCredential(body, projectId), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Deletes a credential and returns the server's message, if it sent one.</summary>
        public async Task<string?> DeleteCredentialAsync(Guid projectId, Guid credentialId, CancellationToken cancellationToken)
        {
            string path = Routes.Credential(projectId, credentialId, _options.RouteFamily);
            (byte[] body, _) = await SendForBodyAsync(HttpMethod.Delete, path, null, RequestKind.Delete, cancellationToken).ConfigureAwait(false);
            try
            {
                return ResponseParser.ParseDeleteResponse(body);
            }
            catch (DeepgramApiException)
            {
                // The 2xx status already shows the credential is gone, so an unreadable message changes nothing.
                return null;
            }
        }

        internal static byte[] SerializeCreate(CreateCredentialRequest request)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("comment", request.Comment);
                writer.WriteStartArray("scopes");
                foreach (string scope in request.Scopes)
                {
                    writer.WriteStringValue(scope);
                }

                writer.WriteEndArray();
                writer.WriteString("provider", request.Provider);
                if (request.Tags.Count > 0)
                {
                    writer.WriteStartArray("tags");
                    foreach (string tag in request.Tags)
                    {
                        writer.WriteStringValue(tag);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            return stream.ToArray();
        }

        /// <summary>
        /// Sends a request, reads the whole body and parses it. A body that cannot be read or
        /// parsed fails with the request, status and request id. After a create the failure is also
        /// marked as leaving a credential that may exist, because the server responded with success.
        /// </summary>
        private async Task<T> SendAndParseAsync<T>(HttpMethod method, string path, byte[]? payload, RequestKind kind, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken cancellationToken)
        {
            (byte[] body, ResponseContext context) = await SendForBodyAsync(method, path, payload, kind, cancellationToken).ConfigureAwait(false);
            try
            {
                return parse(body);
            }
            catch (DeepgramApiException ex)
            {
                ex.CreateOutcomeUnknown = kind == RequestKind.Create;
                throw context.Wrap(ex);
            }
        }

        private async Task<(byte[] Body, ResponseContext Context)> SendForBodyAsync(HttpMethod method, string path, byte[]? payload, RequestKind kind, CancellationToken cancellationToken)
        {
            RetryPolicy policy = _options.RetryPolicy;
            int nextAttempt = 1;
            while (true)
            {
                (HttpResponseMessage response, ResponseContext context) = await SendAsync(method, path, payload, kind, cancellationToken, nextAttempt).ConfigureAwait(false);
                int bodyAttempt = context.Attempts;
                using (response)
                {
                    byte[] body;
                    try
                    {
                        body = await ReadBodyAsync(response, int.MaxValue, cancellationToken).ConfigureAwait(false);
                    }
                    catch (DeepgramApiException ex) when (ex.Kind == DeepgramErrorKind.Network && kind != RequestKind.Create && bodyAttempt <= policy.MaxRetries)
                    {
                        // A read or delete whose connection broke while its body arrived is sent again,
                        // as one that broke before the headers is. A create is not, since it was acted on.
                        string display = method.Method + " /" + path;
                        _log.Verbose(display + ": " + ex.Message + " (attempt " + bodyAttempt + ")");
                        await WaitAsync(display, policy.GetDelay(bodyAttempt, null, DateTimeOffset.UtcNow), bodyAttempt, cancellationToken).ConfigureAwait(false);
                        nextAttempt = bodyAttempt + 1;
                        continue;
                    }
                    catch (DeepgramApiException ex)
                    {
                        ex.CreateOutcomeUnknown = kind == RequestKind.Create;
                        throw context.Wrap(ex);
                    }

                    if (_log is not NullDeepgramLog)
                    {
                        _log.Debug("Response body of " + method.Method + " /" + path + ": " + RedactForLog(body));
                    }

                    return (body, context);
                }
            }
        }

        /// <summary>
        /// Sends one request with retries and returns a successful response whose body is unread,
        /// with the context that errors raised while reading that body need.
        /// </summary>
        private async Task<(HttpResponseMessage Response, ResponseContext Context)> SendAsync(HttpMethod method, string path, byte[]? payload, RequestKind kind, CancellationToken cancellationToken, int firstAttempt = 1)
        {
            RetryPolicy policy = _options.RetryPolicy;
            string display = method.Method + " /" + path;
            if (payload != null && _log is not NullDeepgramLog)
            {
                _log.Debug("Request body of " + display + ": " + RedactForLog(payload));
            }

            // A body read that failed after an earlier attempt continues the same count, so the
            // policy's maximum bounds every attempt of one call.
            for (int attempt = firstAttempt; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var request = new HttpRequestMessage(method, new Uri(_baseAddress, path));
                request.Headers.Authorization = new AuthenticationHeaderValue(_options.IsAccessToken ? "Bearer" : "Token", _options.ApiKey);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
                if (payload != null)
                {
                    request.Content = new ByteArrayContent(payload);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }

                var stopwatch = Stopwatch.StartNew();
                HttpResponseMessage response;
                using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    deadline.CancelAfter(_options.Timeout);
                    try
                    {
                        response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        _log.Verbose(display + ": timed out after " + Seconds(_options.Timeout) + " (attempt " + attempt + ")");
                        throw new DeepgramApiException(
                            DeepgramErrorKind.Timeout,
                            display + " timed out after " + Seconds(_options.Timeout) + ".",
                            method: method.Method,
                            path: "/" + path)
                        {
                            CreateOutcomeUnknown = kind == RequestKind.Create,
                            Attempts = attempt,
                        };
                    }
                    catch (HttpRequestException ex)
                    {
                        bool connected = ConnectionWasEstablished(ex);
                        string reason = DescribeNetworkFailure(ex);
                        _log.Verbose(display + ": " + reason + " (attempt " + attempt + ")");
                        if (attempt <= policy.MaxRetries && policy.ShouldRetryNetworkFailure(kind, connected))
                        {
                            await WaitAsync(display, policy.GetDelay(attempt, null, DateTimeOffset.UtcNow), attempt, cancellationToken).ConfigureAwait(false);
                            continue;
                        }

                        throw new DeepgramApiException(
                            DeepgramErrorKind.Network,
                            display + " failed: " + reason + ".",
                            method: method.Method,
                            path: "/" + path,
                            innerException: ex)
                        {
                            CreateOutcomeUnknown = kind == RequestKind.Create && connected,
                            Attempts = attempt,
                        };
                    }
                }

                int status = (int)response.StatusCode;
                string? headerRequestId = ReadRequestId(response);
                if (status >= 200 && status <= 299)
                {
                    _log.Verbose(display + ": " + status + " " + response.ReasonPhrase + " in " + stopwatch.ElapsedMilliseconds + " ms" + RequestIdSuffix(headerRequestId));
                    return (response, new ResponseContext(method.Method, "/" + path, status, headerRequestId, attempt));
                }

                DeepgramApiException failure;
                using (response)
                {
                    byte[] errorBody;
                    try
                    {
                        errorBody = await ReadBodyAsync(response, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
                    }
                    catch (DeepgramApiException)
                    {
                        errorBody = Array.Empty<byte>();
                    }

                    ApiErrorBody error = RedactKey(ResponseParser.ParseError(errorBody, response.Content.Headers.ContentType?.MediaType));
                    string? requestId = error.RequestId ?? headerRequestId;
                    _log.Verbose(display + ": " + status + " " + response.ReasonPhrase + " in " + stopwatch.ElapsedMilliseconds + " ms" + RequestIdSuffix(requestId));
                    if (_log is not NullDeepgramLog && errorBody.Length > 0)
                    {
                        _log.Debug("Response body of " + display + ": " + RedactForLog(errorBody));
                    }

                    if (attempt <= policy.MaxRetries && policy.ShouldRetryStatus(status, kind))
                    {
                        await WaitAsync(display, policy.GetDelay(attempt, response.Headers, DateTimeOffset.UtcNow), attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    failure = CreateHttpFailure(method.Method, "/" + path, status, response.ReasonPhrase, error, requestId);
                    failure.Attempts = attempt;
                    failure.CreateOutcomeUnknown = kind == RequestKind.Create && status >= 500;
                }

                throw failure;
            }
        }

        private async Task WaitAsync(string display, TimeSpan delay, int retry, CancellationToken cancellationToken)
        {
            _log.Verbose(display + ": retry " + retry + " of " + _options.RetryPolicy.MaxRetries + " in " + Seconds(delay));
            _log.RetryWait(display, delay, retry, _options.RetryPolicy.MaxRetries);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.Timeout);
            try
            {
                using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                long? length = response.Content.Headers.ContentLength;
                using var buffer = new MemoryStream(length > 0 && length <= maxBytes ? (int)length.Value : 0);

                // The chunk comes from a pool, because a new 16 KB array was most of what each get allocated.
                byte[] chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
                try
                {
                    int read;
                    while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, deadline.Token).ConfigureAwait(false)) > 0)
                    {
                        int room = maxBytes - (int)buffer.Length;
                        buffer.Write(chunk, 0, Math.Min(read, room));
                        if (read >= room)
                        {
                            break;
                        }
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                }

                return buffer.ToArray();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DeepgramApiException(DeepgramErrorKind.Timeout, "Reading the response body timed out after " + Seconds(_options.Timeout) + ".");
            }
            catch (Exception ex) when (ex is IOException || ex is HttpRequestException || ex is ObjectDisposedException)
            {
                throw new DeepgramApiException(DeepgramErrorKind.Network, "The connection failed while the response body was read: " + ex.Message, innerException: ex);
            }
        }

        internal static DeepgramApiException CreateHttpFailure(string method, string path, int status, string? reasonPhrase, ApiErrorBody error, string? requestId)
        {
            DeepgramErrorKind kind = KindForStatus(status);
            var message = new StringBuilder();
            message.Append(method).Append(' ').Append(path).Append(" returned ").Append(status);
            if (!string.IsNullOrEmpty(reasonPhrase))
            {
                message.Append(' ').Append(reasonPhrase);
            }

            if (error.ErrorCode != null)
            {
                message.Append(" (").Append(error.ErrorCode).Append(')');
            }

            if (!string.IsNullOrEmpty(error.Message))
            {
                message.Append(": ").Append(error.Message!.TrimEnd('.')).Append('.');
            }
            else
            {
                message.Append('.');
            }

            if (!string.IsNullOrEmpty(error.Details))
            {
                message.Append(' ').Append(error.Details);
            }

            return new DeepgramApiException(kind, message.ToString(), status, error.ErrorCode, error.Message, requestId, method, path);
        }

        internal static DeepgramErrorKind KindForStatus(int status)
        {
            switch (status)
            {
                case 400:
                case 422:
                    return DeepgramErrorKind.InvalidRequest;
                case 401:
                    return DeepgramErrorKind.Authentication;
                case 403:
                    return DeepgramErrorKind.PermissionDenied;
                case 404:
                    return DeepgramErrorKind.NotFound;
                case 409:
                    return DeepgramErrorKind.Conflict;
                case 429:
                    return DeepgramErrorKind.RateLimited;
                case 408:
                    return DeepgramErrorKind.ServerError;
                default:
                    return status >= 500 && status <= 599 ? DeepgramErrorKind.ServerError : DeepgramErrorKind.Unexpected;
            }
        }

        /// <summary>
        /// Returns false only when the failure certainly happened before the request reached the
        /// server: refused connection, unknown host, unreachable network, or failed TLS handshake.
        /// </summary>
        internal static bool ConnectionWasEstablished(Exception exception)
        {
            for (Exception? current = exception; current != null; current = current.InnerException)
            {
                if (current is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                        case SocketError.NetworkDown:
                        case SocketError.TryAgain:
                        case SocketError.NoData:
                        case SocketError.AddressNotAvailable:
                            return false;
                    }
                }

                if (current is AuthenticationException)
                {
                    return false;
                }

                if (current is System.Net.WebException web
                    && (web.Status == System.Net.WebExceptionStatus.ConnectFailure
                        || web.Status == System.Net.WebExceptionStatus.NameResolutionFailure
                        || web.Status == System.Net.WebExceptionStatus.ProxyNameResolutionFailure))
                {
                    return false;
                }
            }

            return true;
        }

        private static string DescribeNetworkFailure(Exception exception)
        {
            Exception innermost = exception;
            while (innermost.InnerException != null)
            {
                innermost = innermost.InnerException;
            }

            return innermost == exception || exception.Message.IndexOf(innermost.Message, StringComparison.OrdinalIgnoreCase) >= 0
                ? exception.Message
                : exception.Message + " (" + innermost.Message + ")";
        }

        private string RedactForLog(byte[] body)
        {
            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(body);
            }
            catch (DecoderFallbackException)
            {
                return "(" + body.Length + " bytes, not UTF-8)";
            }

            const int MaxLogChars = 4096;
            string redacted = Redactor.Redact(text, new[] { _options.ApiKey });
            return redacted.Length > MaxLogChars ? redacted.Substring(0, MaxLogChars) + "… (" + body.Length + " bytes)" : redacted;
        }

        /// <summary>
        /// Removes the API key from an error body's fields, because a proxy or gateway may echo
        /// the request's Authorization header back, and these fields end up in the exception message.
        /// </summary>
        private ApiErrorBody RedactKey(ApiErrorBody error)
        {
            string[] secrets = { _options.ApiKey };
            string? Clean(string? text) => text == null ? null : Redactor.Redact(text, secrets);
            return new ApiErrorBody(Clean(error.ErrorCode), Clean(error.Message), Clean(error.Details), Clean(error.RequestId));
        }

        private static string? ReadRequestId(HttpResponseMessage response)
        {
            foreach (string name in new[] { "dg-request-id", "x-dg-request-id", "request-id", "x-request-id" })
            {
                if (response.Headers.TryGetValues(name, out IEnumerable<string>? values))
                {
                    string? value = values.FirstOrDefault();
                    if (!string.IsNullOrEmpty(value))
                    {
                        return value;
                    }
                }
            }

            return null;
        }

        private static string RequestIdSuffix(string? requestId) => requestId == null ? string.Empty : ", request id " + requestId;

        private static string Seconds(TimeSpan span) =>
            span.TotalSeconds.ToString(span.TotalSeconds < 10 ? "0.0#" : "0", System.Globalization.CultureInfo.InvariantCulture) + " s";
    }
}
