using DeepgramOnPrem.Emulator.Http;
using Microsoft.AspNetCore.Http;

namespace DeepgramOnPrem.Emulator.Endpoints;

/// <summary>Checks shared by the API routes. Each raises <see cref="ApiException"/> on failure.</summary>
internal static class ApiGuards
{
    /// <summary>Returns the API key of a <c>Token</c> request, or raises 401 for anything else.</summary>
    public static ApiKey Authenticate(HttpContext context, EmulatorState state)
    {
        var presented = PresentedCredentials.Read(context.Request);
        ApiError? error = presented.Scheme switch
        {
            PresentedCredentials.None => ApiErrors.MissingAuthorization(),
            PresentedCredentials.Bearer => ApiErrors.AccessTokenRejected(),
            PresentedCredentials.Basic => ApiErrors.BasicRejected(),
            PresentedCredentials.Token when presented.Value is null => ApiErrors.MissingApiKey(),
            PresentedCredentials.Token => null,
            _ => ApiErrors.OtherSchemeRejected(),
        };
        if (error is not null)
        {
            throw new ApiException(error.Value);
        }

        return state.FindKey(presented.Value!) ?? throw new ApiException(ApiErrors.UnknownApiKey());
    }

    /// <summary>Parses a GUID route value, or raises 400 naming <paramref name="description"/>.</summary>
    public static Guid RouteGuid(HttpContext context, string routeKey, string description)
    {
        string text = context.Request.RouteValues[routeKey] as string ?? "";
        return Guid.TryParse(text, out var id) ? id : throw new ApiException(ApiErrors.MalformedId(description, text));
    }

    /// <summary>Returns the project named by the <c>projectId</c> route value, or raises 400 or 404.</summary>
    public static Project RouteProject(HttpContext context, EmulatorState state)
    {
        var projectId = RouteGuid(context, "projectId", "project id");
        return state.FindProject(projectId) ?? throw new ApiException(ApiErrors.ProjectNotFound(projectId));
    }

    /// <summary>Raises 403 unless the key's role may create and delete credentials.</summary>
    public static void RequireOwner(ApiKey key, string action)
    {
        if (key.Role != MemberRole.Owner)
        {
            throw new ApiException(ApiErrors.OwnerRoleRequired(action));
        }
    }
}
