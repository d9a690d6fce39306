using System.Text.Json;
using DeepgramOnPrem.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeepgramOnPrem.Emulator.Endpoints;

/// <summary>
/// List, create, get and delete of distribution credentials, on the current <c>self-hosted</c>
/// routes and the older <c>onprem</c> ones, which share one store.
/// </summary>
internal sealed class CredentialEndpoints(EmulatorState state)
{
    public static IReadOnlyList<string> RouteFamilies { get; } = ["self-hosted", "onprem"];

    /// <summary>Number of list items written between flushes, about 20 KB of JSON.</summary>
    private const int ListItemsPerFlush = 64;

    public void Map(IEndpointRouteBuilder routes)
    {
        foreach (string family in RouteFamilies)
        {
            string collection = $"/v1/projects/{{projectId}}/{family}/distribution/credentials";
            string item = collection + "/{credentialId}";
            routes.MapGet(collection, ApiException.Handle(state, ListAsync));
            routes.MapPost(collection, ApiException.Handle(state, CreateAsync));
            routes.MapGet(item, ApiException.Handle(state, GetAsync));
            routes.MapDelete(item, ApiException.Handle(state, DeleteAsync));
        }
    }

    /// <summary>
    /// Streams the list to the response body. Owners see every member's credentials, members only
    /// their own. The secret is never listed.
    /// </summary>
    private async Task ListAsync(HttpContext context)
    {
        var (key, project) = AuthorizeSelfHosted(context);
        Guid? onlyMember = key.Role == MemberRole.Owner ? null : key.Member.MemberId;
        var credentials = state.Credentials.List(project.ProjectId, onlyMember);

        context.Response.StatusCode = 200;
        context.Response.ContentType = JsonOutput.ContentType;
        var body = context.Response.BodyWriter;
        using var writer = new Utf8JsonWriter(body, JsonOutput.WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartArray("distribution_credentials");
        for (int i = 0; i < credentials.Length; i++)
        {
            CredentialJson.WriteWrapped(writer, credentials[i]);
            if ((i + 1) % ListItemsPerFlush == 0)
            {
                writer.Flush();
                await body.FlushAsync(context.RequestAborted);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        await body.FlushAsync(context.RequestAborted);
    }

    private async Task CreateAsync(HttpContext context)
    {
        var (key, project) = AuthorizeSelfHosted(context);
        ApiGuards.RequireOwner(key, "Creating");

        // NOTE: Content-Type is not checked, because how the live API treats a body sent without
        // application/json is unknown. A client that omits the header passes here.
        byte[] body = await RequestBodies.ReadAllAsync(context);
        if (!CreateRequestParser.TryParse(body, out var request, out string? error))
        {
            throw new ApiException(ApiErrors.InvalidBody(error));
        }

        var credential = state.CreateCredential(project.ProjectId, key.Member, request.Comment, request.Scopes, request.Tags);
        var shape = state.Config.CreateShape;
        await JsonOutput.WriteAsync(context, 200, writer =>
        {
            if (shape == CreateShape.Wrapped)
            {
                CredentialJson.WriteWrapped(writer, credential);
            }
            else
            {
                CredentialJson.WriteFlat(writer, credential, includeUserName: shape == CreateShape.Flat);
            }
        });
    }

    private Task GetAsync(HttpContext context)
    {
        var (_, project) = AuthorizeSelfHosted(context);
        var credentialId = ApiGuards.RouteGuid(context, "credentialId", "distribution credentials id");
        var credential = state.Credentials.Find(project.ProjectId, credentialId)
            ?? throw new ApiException(ApiErrors.CredentialNotFound(project.ProjectId, credentialId));
        return JsonOutput.WriteAsync(context, 200, writer => CredentialJson.WriteWrapped(writer, credential));
    }

    private Task DeleteAsync(HttpContext context)
    {
        var (key, project) = AuthorizeSelfHosted(context);
        ApiGuards.RequireOwner(key, "Deleting");
        var credentialId = ApiGuards.RouteGuid(context, "credentialId", "distribution credentials id");
        var credential = state.Credentials.Remove(project.ProjectId, credentialId)
            ?? throw new ApiException(ApiErrors.CredentialNotFound(project.ProjectId, credentialId));

        var shape = state.Config.DeleteShape;
        return JsonOutput.WriteAsync(context, 200, writer =>
        {
            if (shape == DeleteShape.Wrapped)
            {
                CredentialJson.WriteWrapped(writer, credential);
                return;
            }

            writer.WriteStartObject();
            writer.WriteString("message", "Distribution credentials deleted.");
            writer.WriteEndObject();
        });
    }

    /// <summary>Checks the key, then the project, then the project's self-hosted access, in the order the errors take precedence.</summary>
    private (ApiKey Key, Project Project) AuthorizeSelfHosted(HttpContext context)
    {
        var key = ApiGuards.Authenticate(context, state);
        var project = ApiGuards.RouteProject(context, state);
        if (!project.SelfHosted)
        {
            throw new ApiException(ApiErrors.SelfHostedNotGranted(project.ProjectId));
        }

        return (key, project);
    }
}
