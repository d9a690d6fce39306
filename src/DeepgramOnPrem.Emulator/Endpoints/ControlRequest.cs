using System.Text.Json;
using DeepgramOnPrem.Emulator.Http;
using Microsoft.AspNetCore.Http;

namespace DeepgramOnPrem.Emulator.Endpoints;

/// <summary>Control API error: sent as <c>{"error":"…"}</c> with <see cref="Status"/>.</summary>
internal sealed class ControlException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// JSON object body of a control request, with typed readers that raise a 400
/// <see cref="ControlException"/> naming the property and the expected type.
/// </summary>
internal sealed class ControlRequest
{
    private readonly JsonElement root;

    private ControlRequest(JsonElement root)
    {
        this.root = root;
    }

    /// <summary>Reads the body as a JSON object. An empty body counts as <c>{}</c>.</summary>
    public static async Task<ControlRequest> ReadAsync(HttpContext context, params string[] allowedProperties)
    {
        byte[] body = await RequestBodies.ReadAllAsync(context);
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return new ControlRequest(default);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ControlException(400, $"The request body is not valid JSON: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ControlException(400, $"The request body must be a JSON object, not {root.ValueKind}.");
        }

        var request = new ControlRequest(root);
        request.RejectUnknownProperties(allowedProperties);
        return request;
    }

    public bool Has(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out _);

    /// <summary>Returns the property as a string, or null when it is absent or JSON null.</summary>
    public string? String(string name) => String(root, name, name);

    public int? Int32(string name)
    {
        if (!TryGet(root, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number)
            ? number
            : throw new ControlException(400, $"'{name}' must be a whole number, not {value.GetRawText()}.");
    }

    /// <summary>Returns the property as a string array, or null when it is absent or JSON null.</summary>
    public string[]? StringArray(string name) => StringArray(root, name, name);

    public JsonElement? Element(string name) => TryGet(root, name, out var value) ? value : null;

    public static string? String(JsonElement owner, string name, string path)
    {
        if (!TryGet(owner, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ControlException(400, $"'{path}' must be a string or null, not {value.GetRawText()}.");
    }

    public static string[]? StringArray(JsonElement owner, string name, string path)
    {
        if (!TryGet(owner, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            throw new ControlException(400, $"'{path}' must be an array of strings, not {value.GetRawText()}.");
        }

        return value.EnumerateArray().Select(item => item.GetString()!).ToArray();
    }

    /// <summary>Raises 400 when an object has a property outside <paramref name="allowed"/>, so typos do not pass silently.</summary>
    public static void RejectUnknownProperties(JsonElement owner, string context, IReadOnlyCollection<string> allowed)
    {
        foreach (var property in owner.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                string expected = string.Join(", ", allowed.Select(name => $"'{name}'"));
                throw new ControlException(400, $"Unknown property '{property.Name}' in {context}. Expected: {expected}.");
            }
        }
    }

    private void RejectUnknownProperties(string[] allowed) => RejectUnknownProperties(root, "the request body", allowed);

    private static bool TryGet(JsonElement owner, string name, out JsonElement value)
    {
        if (owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }
}
