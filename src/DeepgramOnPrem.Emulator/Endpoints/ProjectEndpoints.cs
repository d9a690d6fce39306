using DeepgramOnPrem.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeepgramOnPrem.Emulator.Endpoints;

/// <summary><c>GET /v1/projects</c> and <c>GET /v1/projects/{project_id}</c>. Every known key can read both seeded projects.</summary>
internal sealed class ProjectEndpoints(EmulatorState state)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/projects", ApiException.Handle(state, ListAsync));
        routes.MapGet("/v1/projects/{projectId}", ApiException.Handle(state, GetAsync));
    }

    private Task ListAsync(HttpContext context)
    {
        ApiGuards.Authenticate(context, state);
        return JsonOutput.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("projects");
            foreach (var project in state.Projects)
            {
                writer.WriteStartObject();
                writer.WriteString("project_id", project.ProjectId);
                writer.WriteString("name", project.Name);
                writer.WriteString("company", project.Company);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private Task GetAsync(HttpContext context)
    {
        ApiGuards.Authenticate(context, state);
        var project = ApiGuards.RouteProject(context, state);
        return JsonOutput.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("project_id", project.ProjectId);
            writer.WriteString("name", project.Name);
            writer.WriteBoolean("mip_opt_out", false);
            writer.WriteEndObject();
        });
    }
}
