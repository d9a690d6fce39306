using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeepgramOnPrem.Emulator.Http;

/// <summary>
/// Middleware that applies the next matching fault step to an API request. It runs inside
/// <see cref="RequestTracking"/>, so faulted requests are logged, and it skips control routes.
/// </summary>
internal sealed partial class FaultInjection(RequestDelegate next, EmulatorState state, ILogger logger)
{
    public const string ProxyErrorPage =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
        + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    public async Task InvokeAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "/";
        if (RequestTracking.IsControlPath(context.Request.Path)
            || !state.Faults.TryTake(context.Request.Method, path, out var step))
        {
            await next(context);
            return;
        }

        string requestId = RequestTracking.RequestIdOf(context);
        LogFaultApplied(FaultStep.KindNames.NameOf(step.Kind), context.Request.Method, path, requestId);

        if (step.DelayMs > 0)
        {
            try
            {
                await Task.Delay(step.DelayMs, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                LogDelayCancelled(requestId);
                return;
            }
        }

        switch (step.Kind)
        {
            case FaultKind.Delay:
                await next(context);
                break;

            case FaultKind.Status:
                await SendStepResponseAsync(context, step, step.Status!.Value, errorBodyForAnyStatus: false);
                break;

            case FaultKind.StatusAfterHandling:
                await HandleThenReplaceAsync(context, step);
                break;

            case FaultKind.Html502:
                await SendTextAsync(context, 502, ProxyErrorPage, "text/html");
                break;

            case FaultKind.MalformedJson:
                string truncated = $"{{\"distribution_credentials_id\":\"{Guid.NewGuid()}\",\"provider\":\"quay\",\"secret\":\"7Q6VSL";
                await SendTextAsync(context, 200, truncated, JsonOutput.ContentType);
                break;

            case FaultKind.Empty:
                context.Response.StatusCode = step.Status ?? 503;
                context.Response.ContentLength = 0;
                break;

            case FaultKind.Drop:
                RequestTracking.MarkNoResponse(context);
                context.Abort();
                break;

            case FaultKind.DropAfterHandling:
                await HandleThenDropAsync(context);
                break;

            case FaultKind.DropMidBody:
                await HandleThenCutBodyAsync(context);
                break;

            default:
                throw new InvalidOperationException($"Fault kind {step.Kind} has no handler.");
        }
    }

    /// <summary>
    /// Runs the real handler with its response captured in memory, so that its effects happen
    /// (a create really creates), then discards that response and sends the step's status instead.
    /// </summary>
    private async Task HandleThenReplaceAsync(HttpContext context, FaultStep step)
    {
        await HandleCapturedAsync(context);
        if (context.Response.HasStarted)
        {
            LogCannotReplaceResponse(RequestTracking.RequestIdOf(context));
            return;
        }

        int handledStatus = context.Response.StatusCode;
        LogResponseReplaced(handledStatus, step.Status ?? 500, RequestTracking.RequestIdOf(context));

        context.Response.Headers.Clear();
        context.Response.Headers[RequestTracking.RequestIdHeader] = RequestTracking.RequestIdOf(context);
        await SendStepResponseAsync(context, step, step.Status ?? 500, errorBodyForAnyStatus: true);
    }

    /// <summary>
    /// Runs the real handler with its response captured in memory, then aborts the connection, so
    /// the handler's effects happen but its response never reaches the client.
    /// </summary>
    private async Task HandleThenDropAsync(HttpContext context)
    {
        await HandleCapturedAsync(context);
        LogResponseDropped(context.Response.StatusCode, RequestTracking.RequestIdOf(context));
        RequestTracking.MarkNoResponse(context);
        context.Abort();
    }

    /// <summary>
    /// Runs the real handler with its response captured in memory, then sends the headers with the
    /// whole body's Content-Length, the first half of the body, and aborts the connection.
    /// </summary>
    private async Task HandleThenCutBodyAsync(HttpContext context)
    {
        byte[] body = await HandleCapturedAsync(context);
        LogResponseDropped(context.Response.StatusCode, RequestTracking.RequestIdOf(context));
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
        await context.Response.Body.FlushAsync();
        context.Abort();
    }

    /// <summary>
    /// Runs the next handler with the response body written to memory instead of the connection,
    /// and returns that body.
    /// </summary>
    private async Task<byte[]> HandleCapturedAsync(HttpContext context)
    {
        var originalBody = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        finally
        {
            // Assigning the original stream back restores the server's own response body feature.
            context.Response.Body = originalBody;
        }

        return captured.ToArray();
    }

    private async Task SendStepResponseAsync(HttpContext context, FaultStep step, int status, bool errorBodyForAnyStatus)
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in step.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (step.Body is not null)
        {
            string contentType = step.ContentType ?? context.Response.ContentType ?? GuessContentType(step.Body);
            await SendTextAsync(context, status, step.Body, contentType);
        }
        else if (errorBodyForAnyStatus || status >= 400)
        {
            await ApiErrors.WriteAsync(context, state.Config.ErrorShape, ApiErrors.ForFault(status));
        }
        else
        {
            context.Response.ContentLength = 0;
        }
    }

    private static Task SendTextAsync(HttpContext context, int status, string text, string contentType)
    {
        byte[] body = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static string GuessContentType(string body)
    {
        string trimmed = body.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return JsonOutput.ContentType;
        }

        return trimmed.StartsWith('<') ? "text/html" : "text/plain; charset=utf-8";
    }

    [LoggerMessage(10, LogLevel.Information, "Fault {Kind} applied to {Method} {Path} request-id={RequestId}")]
    private partial void LogFaultApplied(string kind, string method, string path, string requestId);

    [LoggerMessage(11, LogLevel.Information, "Fault delay cancelled because the client disconnected request-id={RequestId}")]
    private partial void LogDelayCancelled(string requestId);

    [LoggerMessage(12, LogLevel.Information, "Fault replaced the handler's {HandledStatus} with {Status} request-id={RequestId}")]
    private partial void LogResponseReplaced(int handledStatus, int status, string requestId);

    [LoggerMessage(14, LogLevel.Information, "Fault dropped the connection after the handler produced {HandledStatus} request-id={RequestId}")]
    private partial void LogResponseDropped(int handledStatus, string requestId);

    [LoggerMessage(13, LogLevel.Warning, "Fault could not replace the response because the handler had already started it request-id={RequestId}")]
    private partial void LogCannotReplaceResponse(string requestId);
}
