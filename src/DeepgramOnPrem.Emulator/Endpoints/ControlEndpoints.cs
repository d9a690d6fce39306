using System.Text.Json;
using DeepgramOnPrem.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace DeepgramOnPrem.Emulator.Endpoints;

/// <summary>
/// Control API under <c>/_emulator/</c> for tests and demos: keys, the request log, response
/// shapes, seeding, fault rules and reset. It needs no authentication, so it accepts only
/// loopback clients. Errors are <c>{"error":"…"}</c>, whatever the configured error shape.
/// </summary>
internal sealed partial class ControlEndpoints(EmulatorState state, ILogger logger)
{
    private static readonly string[] FaultStepProperties = ["kind", "status", "delayMs", "headers", "body", "contentType"];

    /// <summary>Maximum fault delay: 10 minutes.</summary>
    private const int MaxDelayMs = 600_000;

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/_emulator/keys", Handle(CreateKeyAsync));
        routes.MapGet("/_emulator/requests", Handle(GetRequestsAsync));
        routes.MapDelete("/_emulator/requests", Handle(ClearRequestsAsync));
        routes.MapGet("/_emulator/config", Handle(GetConfigAsync));
        routes.MapPost("/_emulator/config", Handle(UpdateConfigAsync));
        routes.MapDelete("/_emulator/config", Handle(ResetConfigAsync));
        routes.MapPost("/_emulator/projects/{projectId}/seed", Handle(SeedAsync));
        routes.MapGet("/_emulator/faults", Handle(GetFaultsAsync));
        routes.MapPost("/_emulator/faults", Handle(AddFaultRuleAsync));
        routes.MapDelete("/_emulator/faults", Handle(ClearFaultsAsync));
        routes.MapPost("/_emulator/reset", Handle(ResetAsync));
    }

    /// <summary>Sends a control error, for the fallback route as well as for the handlers.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        JsonOutput.WriteAsync(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        });

    private RequestDelegate Handle(RequestDelegate handler) => async context =>
    {
        try
        {
            var remote = context.Connection.RemoteIpAddress;
            if (remote is not null && !System.Net.IPAddress.IsLoopback(remote))
            {
                throw new ControlException(403, "The control API accepts only loopback clients.");
            }

            await handler(context);
        }
        catch (ControlException ex)
        {
            LogRejected(context.Request.Method, context.Request.Path.Value ?? "/", ex.Status, ex.Message);
            await WriteErrorAsync(context, ex.Status, ex.Message);
        }
    };

    [LoggerMessage(20, LogLevel.Warning, "Control request {Method} {Path} rejected with {Status}: {Message}")]
    private partial void LogRejected(string method, string path, int status, string message);

    private async Task CreateKeyAsync(HttpContext context)
    {
        var request = await ControlRequest.ReadAsync(context, "role");
        string roleName = request.String("role") ?? "owner";
        var role = roleName switch
        {
            "owner" => MemberRole.Owner,
            "member" => MemberRole.Member,
            _ => throw new ControlException(400, $"Invalid role '{roleName}'. Expected \"owner\" or \"member\"."),
        };

        var key = state.CreateKey(role);
        await JsonOutput.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("key", key.Key);
            writer.WriteString("role", roleName);
            writer.WriteString("memberId", key.Member.MemberId);
            writer.WriteString("email", key.Member.Email);
            writer.WriteEndObject();
        });
    }

    private async Task GetRequestsAsync(HttpContext context)
    {
        var entries = state.Requests.Snapshot();
        context.Response.StatusCode = 200;
        context.Response.ContentType = JsonOutput.ContentType;
        var body = context.Response.BodyWriter;
        using var writer = new Utf8JsonWriter(body, JsonOutput.WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartArray("requests");
        for (int i = 0; i < entries.Count; i++)
        {
            WriteRequest(writer, entries[i]);
            if ((i + 1) % 256 == 0)
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

    private static void WriteRequest(Utf8JsonWriter writer, RequestLogEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteNumber("sequence", entry.Sequence);
        writer.WriteString("method", entry.Method);
        writer.WriteString("path", entry.Path);
        writer.WriteString("query", entry.Query);
        writer.WriteString("scheme", entry.Scheme);
        writer.WriteString("key", entry.Key);
        writer.WriteString("user", entry.UserName);
        if (entry.Status is int status)
        {
            writer.WriteNumber("status", status);
        }
        else
        {
            writer.WriteNull("status");
        }

        writer.WriteString("requestId", entry.RequestId);
        writer.WriteString("receivedAt", entry.ReceivedAt);
        writer.WriteString("userAgent", entry.UserAgent);
        writer.WriteEndObject();
    }

    private Task ClearRequestsAsync(HttpContext context)
    {
        state.Requests.Clear();
        return WriteEmptyListAsync(context, "requests");
    }

    private Task GetConfigAsync(HttpContext context) => WriteConfigAsync(context, state.Config);

    private async Task UpdateConfigAsync(HttpContext context)
    {
        var request = await ControlRequest.ReadAsync(context, "errorShape", "createShape", "deleteShape");
        string? errorShape = request.String("errorShape");
        string? createShape = request.String("createShape");
        string? deleteShape = request.String("deleteShape");

        var parsedErrorShape = Parse(EmulatorConfig.ErrorShapeNames, "errorShape", errorShape);
        var parsedCreateShape = Parse(EmulatorConfig.CreateShapeNames, "createShape", createShape);
        var parsedDeleteShape = Parse(EmulatorConfig.DeleteShapeNames, "deleteShape", deleteShape);

        var updated = state.UpdateConfig(current => current with
        {
            ErrorShape = parsedErrorShape ?? current.ErrorShape,
            CreateShape = parsedCreateShape ?? current.CreateShape,
            DeleteShape = parsedDeleteShape ?? current.DeleteShape,
        });
        await WriteConfigAsync(context, updated);
    }

    private static T? Parse<T>(NameTable<T> names, string property, string? value)
        where T : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        return names.TryParse(value, out var parsed)
            ? parsed
            : throw new ControlException(400, $"Invalid {property} '{value}'. Expected one of {names.ValidNames}.");
    }

    private Task ResetConfigAsync(HttpContext context)
    {
        state.Config = EmulatorConfig.Default;
        return WriteConfigAsync(context, EmulatorConfig.Default);
    }

    private static Task WriteConfigAsync(HttpContext context, EmulatorConfig config) =>
        JsonOutput.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("errorShape", EmulatorConfig.ErrorShapeNames.NameOf(config.ErrorShape));
            writer.WriteString("createShape", EmulatorConfig.CreateShapeNames.NameOf(config.CreateShape));
            writer.WriteString("deleteShape", EmulatorConfig.DeleteShapeNames.NameOf(config.DeleteShape));
            writer.WriteEndObject();
        });

    /// <summary>
    /// Creates <c>count</c> credentials in one batch. <c>comment</c> absent gives "seeded credential N",
    /// null gives a null comment. <c>memberEmail</c> picks the member (the owner key's member by
    /// default), and <c>scopes</c> defaults to <c>self-hosted:products</c>.
    /// </summary>
    private async Task SeedAsync(HttpContext context)
    {
        string projectText = context.Request.RouteValues["projectId"] as string ?? "";
        if (!Guid.TryParse(projectText, out var projectId))
        {
            throw new ControlException(400, $"Invalid project id '{projectText}': expected a UUID.");
        }

        var project = state.FindProject(projectId)
            ?? throw new ControlException(404, $"Project {projectId} not found. Seed {state.SelfHostedProject.ProjectId} (\"{state.SelfHostedProject.Name}\").");

        var request = await ControlRequest.ReadAsync(context, "count", "comment", "memberEmail", "scopes", "tags");
        int count = request.Int32("count") ?? throw new ControlException(400, "'count' is required.");
        if (count is < 0 or > EmulatorState.MaxSeedCount)
        {
            throw new ControlException(400, $"'count' must be between 0 and {EmulatorState.MaxSeedCount}, not {count}.");
        }

        bool hasComment = request.Has("comment");
        string? comment = request.String("comment");
        string? memberEmail = request.String("memberEmail");
        var member = memberEmail is null ? state.OwnerKey.Member : state.GetOrAddMember(memberEmail);

        string[] scopes = request.StringArray("scopes") ?? ["self-hosted:products"];
        string? invalidScope = scopes.FirstOrDefault(scope => !DistributionScopes.IsValid(scope));
        if (invalidScope is not null)
        {
            throw new ControlException(400, $"Unknown scope '{invalidScope}'. Expected one of {string.Join(", ", DistributionScopes.All)}.");
        }

        string[] tags = request.StringArray("tags") ?? [];
        state.Seed(project.ProjectId, count, member, index => hasComment ? comment : $"seeded credential {index + 1}", scopes, tags);

        await JsonOutput.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("created", count);
            writer.WriteEndObject();
        });
    }

    private Task GetFaultsAsync(HttpContext context) => WriteFaultsAsync(context);

    private async Task AddFaultRuleAsync(HttpContext context)
    {
        var request = await ControlRequest.ReadAsync(context, "method", "pathContains", "steps");
        string? method = request.String("method");
        string? pathContains = request.String("pathContains");
        var stepsElement = request.Element("steps");
        if (stepsElement is not { ValueKind: JsonValueKind.Array } stepsArray || stepsArray.GetArrayLength() == 0)
        {
            throw new ControlException(400, "'steps' must be a non-empty array of fault steps.");
        }

        var steps = stepsArray.EnumerateArray().Select((element, index) => ParseStep(element, $"steps[{index}]")).ToArray();
        state.Faults.Add(new FaultRule(method, pathContains, steps));
        await WriteFaultsAsync(context);
    }

    private static FaultStep ParseStep(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ControlException(400, $"'{path}' must be an object such as {{\"kind\":\"status\",\"status\":429}}.");
        }

        ControlRequest.RejectUnknownProperties(element, $"'{path}'", FaultStepProperties);
        string kindName = ControlRequest.String(element, "kind", $"{path}.kind")
            ?? throw new ControlException(400, $"'{path}.kind' is required. Expected one of {FaultStep.KindNames.ValidNames}.");
        if (!FaultStep.KindNames.TryParse(kindName, out var kind))
        {
            throw new ControlException(400, $"Invalid '{path}.kind' '{kindName}'. Expected one of {FaultStep.KindNames.ValidNames}.");
        }

        int? status = ReadInt(element, "status", path);
        int delayMs = ReadInt(element, "delayMs", path) ?? 0;
        string? body = ControlRequest.String(element, "body", $"{path}.body");
        string? contentType = ControlRequest.String(element, "contentType", $"{path}.contentType");
        var headers = ReadHeaders(element, path);

        if (delayMs is < 0 or > MaxDelayMs)
        {
            throw new ControlException(400, $"'{path}.delayMs' must be between 0 and {MaxDelayMs}, not {delayMs}.");
        }

        if (status is < 100 or > 599)
        {
            throw new ControlException(400, $"'{path}.status' must be an HTTP status code from 100 to 599, not {status}.");
        }

        bool sendsOwnResponse = kind is FaultKind.Status or FaultKind.StatusAfterHandling;
        if (kind == FaultKind.Status && status is null)
        {
            throw new ControlException(400, $"'{path}.status' is required for kind \"status\".");
        }

        if (status is not null && !sendsOwnResponse && kind != FaultKind.Empty)
        {
            throw new ControlException(400, $"'{path}.status' applies only to kinds \"status\", \"status-after-handling\" and \"empty\".");
        }

        if ((body is not null || contentType is not null || headers.Count > 0) && !sendsOwnResponse)
        {
            throw new ControlException(400, $"'{path}' sets headers, body or contentType, which apply only to kinds \"status\" and \"status-after-handling\".");
        }

        return new FaultStep
        {
            Kind = kind,
            Status = status,
            DelayMs = delayMs,
            Headers = headers,
            Body = body,
            ContentType = contentType,
        };
    }

    private static int? ReadInt(JsonElement owner, string name, string path)
    {
        if (!owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number)
            ? number
            : throw new ControlException(400, $"'{path}.{name}' must be a whole number, not {value.GetRawText()}.");
    }

    private static Dictionary<string, string> ReadHeaders(JsonElement owner, string path)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!owner.TryGetProperty("headers", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return headers;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ControlException(400, $"'{path}.headers' must be an object of header names and string values.");
        }

        foreach (var header in value.EnumerateObject())
        {
            if (header.Value.ValueKind != JsonValueKind.String)
            {
                throw new ControlException(400, $"'{path}.headers.{header.Name}' must be a string, not {header.Value.GetRawText()}.");
            }

            headers[header.Name] = header.Value.GetString()!;
        }

        return headers;
    }

    private Task ClearFaultsAsync(HttpContext context)
    {
        state.Faults.Clear();
        return WriteEmptyListAsync(context, "rules");
    }

    private Task WriteFaultsAsync(HttpContext context)
    {
        var rules = state.Faults.Snapshot();
        return JsonOutput.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                writer.WriteStartObject();
                writer.WriteString("method", rule.Method);
                writer.WriteString("pathContains", rule.PathContains);
                writer.WriteStartArray("steps");
                foreach (var step in rule.Steps)
                {
                    WriteStep(writer, step);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static void WriteStep(Utf8JsonWriter writer, FaultStep step)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", FaultStep.KindNames.NameOf(step.Kind));
        if (step.Status is int status)
        {
            writer.WriteNumber("status", status);
        }

        writer.WriteNumber("delayMs", step.DelayMs);
        if (step.Headers.Count > 0)
        {
            writer.WriteStartObject("headers");
            foreach (var (name, value) in step.Headers)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        if (step.Body is not null)
        {
            writer.WriteString("body", step.Body);
        }

        if (step.ContentType is not null)
        {
            writer.WriteString("contentType", step.ContentType);
        }

        writer.WriteEndObject();
    }

    private Task ResetAsync(HttpContext context)
    {
        state.Reset();
        return JsonOutput.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("reset", true);
            writer.WriteEndObject();
        });
    }

    private static Task WriteEmptyListAsync(HttpContext context, string propertyName) =>
        JsonOutput.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray(propertyName);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
}
