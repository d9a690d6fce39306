using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace DeepgramOnPrem.Emulator.Http;

/// <summary>
/// Outermost middleware. It gives every response a new <c>dg-request-id</c>, records each API
/// request in the request log and on the logger (method, path, status, time and request id,
/// never a key), and turns an unhandled exception into a 500. Control routes under
/// <c>/_emulator/</c> get a request id but are neither recorded nor logged.
/// </summary>
internal sealed partial class RequestTracking(RequestDelegate next, EmulatorState state, ILogger logger)
{
    public const string RequestIdHeader = "dg-request-id";
    public const string LogCategory = "DeepgramOnPrem.Emulator.Requests";

    private static readonly object RequestIdItem = new();
    private static readonly object NoResponseItem = new();

    public static bool IsControlPath(PathString path) => path.StartsWithSegments("/_emulator", StringComparison.OrdinalIgnoreCase);

    public static string RequestIdOf(HttpContext context) => (string)context.Items[RequestIdItem]!;

    /// <summary>Marks that the connection was aborted on purpose, so the log records no status.</summary>
    public static void MarkNoResponse(HttpContext context) => context.Items[NoResponseItem] = true;

    public async Task InvokeAsync(HttpContext context)
    {
        string requestId = Guid.NewGuid().ToString("D");
        context.Items[RequestIdItem] = requestId;
        context.Response.Headers[RequestIdHeader] = requestId;

        if (IsControlPath(context.Request.Path))
        {
            await RunHandlerAsync(context, requestId);
            return;
        }

        var entry = Record(context, requestId);

        // The status is recorded just before the response headers go out, so a client that has
        // read the response always finds its status in the log.
        context.Response.OnStarting(() =>
        {
            entry.Complete(context.Response.StatusCode);
            return Task.CompletedTask;
        });

        long started = Stopwatch.GetTimestamp();
        await RunHandlerAsync(context, requestId);
        double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        bool noResponse = context.Items.ContainsKey(NoResponseItem)
            || (context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted);
        string path = context.Request.Path.Value ?? "/";
        if (noResponse)
        {
            entry.Complete(0);
            LogClosedWithoutResponse(context.Request.Method, path, elapsedMs, requestId);
        }
        else
        {
            LogCompleted(context.Request.Method, path, context.Response.StatusCode, elapsedMs, requestId);
        }
    }

    private RequestLogEntry Record(HttpContext context, string requestId)
    {
        var presented = PresentedCredentials.Read(context.Request);
        bool sendsKey = presented.Scheme is PresentedCredentials.Token or PresentedCredentials.Bearer;
        string? userName = presented.TryDecodeBasic(out string basicUser, out _) ? basicUser : null;
        string? userAgent = context.Request.Headers[HeaderNames.UserAgent];

        return state.Requests.Add(sequence => new RequestLogEntry
        {
            Sequence = sequence,
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "/",
            Query = context.Request.QueryString.Value ?? "",
            Scheme = presented.Scheme,
            Key = sendsKey ? presented.Value : null,
            UserName = userName,
            RequestId = requestId,
            ReceivedAt = DateTimeOffset.UtcNow,
            UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent,
        });
    }

    private async Task RunHandlerAsync(HttpContext context, string requestId)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client disconnected, so no response can be sent.
        }
        catch (Exception ex)
        {
            LogUnhandledException(ex, context.Request.Method, context.Request.Path.Value ?? "/", requestId);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            context.Response.Clear();
            context.Response.Headers[RequestIdHeader] = requestId;
            var error = new ApiError(
                500, "INTERNAL_SERVER_ERROR", "Internal server error.", $"The emulator failed: {ex.GetType().Name}: {ex.Message}");
            await ApiErrors.WriteAsync(context, state.Config.ErrorShape, error);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "{Method} {Path} {Status} {ElapsedMs:F1} ms request-id={RequestId}")]
    private partial void LogCompleted(string method, string path, int status, double elapsedMs, string requestId);

    [LoggerMessage(2, LogLevel.Information, "{Method} {Path} closed without a response after {ElapsedMs:F1} ms request-id={RequestId}")]
    private partial void LogClosedWithoutResponse(string method, string path, double elapsedMs, string requestId);

    [LoggerMessage(3, LogLevel.Error, "{Method} {Path} failed with an unhandled exception request-id={RequestId}")]
    private partial void LogUnhandledException(Exception exception, string method, string path, string requestId);
}
