using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace DeepgramOnPrem.Emulator.Http;

/// <summary>
/// API error. <see cref="Message"/> is the complete sentence sent as <c>err_msg</c>, <c>message</c>
/// or the plain-text body. <see cref="Details"/> adds a hint and appears only in the current shape.
/// </summary>
internal readonly record struct ApiError(int Status, string Code, string Message, string Details);

/// <summary>The errors the API routes send, and the writer for the three error body shapes.</summary>
internal static class ApiErrors
{
    public const string BadRequest = "BAD_REQUEST";
    public const string InvalidAuth = "INVALID_AUTH";
    public const string InsufficientPermissions = "INSUFFICIENT_PERMISSIONS";
    public const string NotFound = "NOT_FOUND";

    private const string SendApiKeyHint = "Send a Deepgram API key as 'Authorization: Token <key>'.";

    public static ApiError MissingAuthorization() => new(
        401, InvalidAuth, "Invalid credentials.", "The request has no Authorization header. " + SendApiKeyHint);

    public static ApiError UnknownApiKey() => new(
        401, InvalidAuth, "Invalid credentials.", "The API key is not valid. Check that it has not been deleted or expired.");

    public static ApiError AccessTokenRejected() => new(
        401,
        InvalidAuth,
        "Access tokens (Authorization: Bearer) are not accepted by management endpoints. Use an API key: 'Authorization: Token <key>'.",
        SendApiKeyHint);

    public static ApiError BasicRejected() => new(
        401,
        InvalidAuth,
        "Invalid credentials.",
        "Basic authentication carries distribution credentials, which log in to the container registry only. " + SendApiKeyHint);

    public static ApiError OtherSchemeRejected() => new(
        401, InvalidAuth, "Invalid credentials.", "The Authorization scheme is not supported. " + SendApiKeyHint);

    public static ApiError MissingApiKey() => new(
        401, InvalidAuth, "Invalid credentials.", "The Authorization header names the Token scheme but has no key. " + SendApiKeyHint);

    public static ApiError OwnerRoleRequired(string action) => new(
        403,
        InsufficientPermissions,
        $"{action} distribution credentials requires the owner or admin role, or the keys:write scope, on this project.",
        "The API key belongs to a member without that role or scope. Use an owner's or admin's API key.");

    public static ApiError SelfHostedNotGranted(Guid projectId) => new(
        403,
        InsufficientPermissions,
        $"Project {projectId} has not been granted access to self-hosted (on-prem) products.",
        "Distribution credentials exist only in projects with self-hosted access. Contact Deepgram support to request it, or use another project.");

    public static ApiError MalformedId(string idName, string value) => new(
        400,
        BadRequest,
        $"Invalid {idName} '{value}': expected a UUID such as 9f870faf-07a9-41b1-aa0d-de5030cb9bdc.",
        $"Check the {idName} in the request path.");

    public static ApiError ProjectNotFound(Guid projectId) => new(
        404, NotFound, $"Project {projectId} not found.", "List your projects with GET /v1/projects to find the project id.");

    public static ApiError CredentialNotFound(Guid projectId, Guid credentialId) => new(
        404,
        NotFound,
        $"Distribution credentials {credentialId} not found in project {projectId}.",
        "The credentials may have been deleted. List the project's distribution credentials to find their ids.");

    public static ApiError RouteNotFound(string method, string path) => new(
        404,
        NotFound,
        $"No route matches {method} {path}.",
        "Distribution credentials live under /v1/projects/{project_id}/self-hosted/distribution/credentials, or the older /onprem/ form.");

    public static ApiError InvalidBody(string message) => new(
        400, BadRequest, message, "Send a JSON body such as {\"comment\":\"build agent\",\"scopes\":[\"self-hosted:products\"],\"provider\":\"quay\"}.");

    /// <summary>Returns a generic error for a status that a fault rule sends.</summary>
    public static ApiError ForFault(int status) => new(
        status,
        CodeForStatus(status),
        ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase + "." : $"HTTP {status}.",
        "A fault rule in the emulator sent this status.");

    /// <summary>
    /// Maps a status code to an upper-snake-case <c>err_code</c>/<c>category</c>. The codes for 400,
    /// 401, 403 and 404 are the ones Deepgram is seen to send. The others are this emulator's choice.
    /// </summary>
    public static string CodeForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => InvalidAuth,
        403 => InsufficientPermissions,
        404 => NotFound,
        408 => "REQUEST_TIMEOUT",
        429 => "TOO_MANY_REQUESTS",
        500 => "INTERNAL_SERVER_ERROR",
        502 => "BAD_GATEWAY",
        503 => "SERVICE_UNAVAILABLE",
        504 => "GATEWAY_TIMEOUT",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase
            ? phrase.ToUpperInvariant().Replace(' ', '_').Replace("'", "")
            : "ERROR",
    };

    /// <summary>Sends the error with its status, in the given body shape.</summary>
    public static Task WriteAsync(HttpContext context, ErrorShape shape, ApiError error)
    {
        string requestId = RequestTracking.RequestIdOf(context);
        if (shape == ErrorShape.Text)
        {
            context.Response.StatusCode = error.Status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            byte[] body = System.Text.Encoding.UTF8.GetBytes(error.Message);
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        }

        return JsonOutput.WriteAsync(context, error.Status, writer =>
        {
            writer.WriteStartObject();
            if (shape == ErrorShape.Legacy)
            {
                writer.WriteString("err_code", error.Code);
                writer.WriteString("err_msg", error.Message);
            }
            else
            {
                writer.WriteString("category", error.Code);
                writer.WriteString("message", error.Message);
                writer.WriteString("details", error.Details);
            }

            writer.WriteString("request_id", requestId);
            writer.WriteEndObject();
        });
    }
}
