using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace DeepgramOnPrem.Emulator.Http;

/// <summary>Create request body after validation. <see cref="Comment"/> may be empty.</summary>
internal sealed record CreateCredentialRequest(string Comment, IReadOnlyList<string> Scopes, string Provider, IReadOnlyList<string> Tags);

/// <summary>
/// Validates a create request body. Errors use the wording of Rust's serde_json, which the live
/// API's 400 "missing field 'provider'" follows: "missing field `provider` at line 1 column 40",
/// "unknown variant `docker`, expected `quay`", "invalid type: integer `5`, expected a string".
/// Required fields are checked in the order provider, scopes, comment, because the live API rejects
/// a body that has only a comment with "missing field 'provider'". Unknown fields are ignored, and
/// the query string is never read.
/// NOTE: the message prefixes are those of Rust's axum JSON extractor, a guess at the live API's
/// exact wording. Clients should match on status and error code, not on the message.
/// </summary>
internal static class CreateRequestParser
{
    private const string SyntaxErrorPrefix = "Failed to parse the request body as JSON: ";
    private const string DataErrorPrefix = "Failed to deserialize the JSON body into the target type: ";
    private const string RequestTypeName = "struct CreateDistributionCredentialsRequest";

    public static bool TryParse(
        byte[] body,
        [NotNullWhen(true)] out CreateCredentialRequest? request,
        [NotNullWhen(false)] out string? error)
    {
        request = null;
        error = CheckSyntax(body);
        if (error is not null)
        {
            return false;
        }

        try
        {
            request = ReadRequest(body);
            return true;
        }
        catch (InvalidBodyException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static string? CheckSyntax(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return null;
        }
        catch (JsonException ex)
        {
            long line = ex.LineNumber ?? 0;
            long column = ex.BytePositionInLine ?? 0;
            long offset = OffsetOf(body, line, column);
            bool atEnd = body.AsSpan((int)Math.Min(offset, body.Length)).Trim(" \t\r\n"u8).IsEmpty;
            string reason = atEnd ? "EOF while parsing a value" : "expected value";
            return $"{SyntaxErrorPrefix}{reason} at line {line + 1} column {(atEnd ? column : column + 1)}";
        }
    }

    private static CreateCredentialRequest ReadRequest(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw InvalidType(ref reader, body, RequestTypeName);
        }

        string? comment = null;
        string? provider = null;
        List<string>? scopes = null;
        List<string>? tags = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (name is "comment" or "scopes" or "provider" or "tags" && !seen.Add(name))
            {
                throw DataError($"duplicate field `{name}`", body, reader.BytesConsumed);
            }

            switch (name)
            {
                case "comment":
                    comment = ReadString(ref reader, body);
                    break;

                case "provider":
                    provider = ReadString(ref reader, body);
                    if (provider != EmulatorState.Provider)
                    {
                        throw DataError($"unknown variant `{provider}`, expected `{EmulatorState.Provider}`", body, reader.BytesConsumed);
                    }

                    break;

                case "scopes":
                    scopes = ReadStringArray(ref reader, body, validateScopes: true);
                    break;

                case "tags":
                    tags = reader.TokenType == JsonTokenType.Null ? [] : ReadStringArray(ref reader, body, validateScopes: false);
                    break;

                default:
                    reader.Skip();
                    break;
            }
        }

        long end = reader.BytesConsumed;
        if (provider is null)
        {
            throw DataError("missing field `provider`", body, end);
        }

        if (scopes is null)
        {
            throw DataError("missing field `scopes`", body, end);
        }

        if (comment is null)
        {
            throw DataError("missing field `comment`", body, end);
        }

        if (scopes.Count == 0)
        {
            throw new InvalidBodyException(
                "scopes must contain at least one scope, such as `self-hosted:products` or `self-hosted:product:api`.");
        }

        return new CreateCredentialRequest(comment, scopes, provider, tags ?? []);
    }

    private static string ReadString(ref Utf8JsonReader reader, byte[] body)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw InvalidType(ref reader, body, "a string");
        }

        return reader.GetString()!;
    }

    private static List<string> ReadStringArray(ref Utf8JsonReader reader, byte[] body, bool validateScopes)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw InvalidType(ref reader, body, "a sequence");
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            string value = ReadString(ref reader, body);
            if (validateScopes && !DistributionScopes.IsValid(value))
            {
                string expected = string.Join(", ", DistributionScopes.All.Select(scope => $"`{scope}`"));
                throw DataError($"unknown variant `{value}`, expected one of {expected}", body, reader.BytesConsumed);
            }

            values.Add(value);
        }

        return values;
    }

    private static InvalidBodyException InvalidType(ref Utf8JsonReader reader, byte[] body, string expected)
    {
        string actual = reader.TokenType switch
        {
            JsonTokenType.String => $"string \"{reader.GetString()}\"",
            JsonTokenType.Number when reader.TryGetInt64(out long integer) => $"integer `{integer}`",
            JsonTokenType.Number => $"floating point `{reader.GetDouble()}`",
            JsonTokenType.True => "boolean `true`",
            JsonTokenType.False => "boolean `false`",
            JsonTokenType.Null => "null",
            JsonTokenType.StartArray => "sequence",
            JsonTokenType.StartObject => "map",
            _ => reader.TokenType.ToString(),
        };
        return DataError($"invalid type: {actual}, expected {expected}", body, reader.BytesConsumed);
    }

    /// <summary>Builds a serde-style data error with the 1-based line and the column at byte offset <paramref name="position"/>.</summary>
    private static InvalidBodyException DataError(string message, byte[] body, long position)
    {
        var before = body.AsSpan(0, (int)Math.Min(position, body.Length));
        int line = before.Count((byte)'\n') + 1;
        int column = before.Length - (before.LastIndexOf((byte)'\n') + 1);
        return new InvalidBodyException($"{DataErrorPrefix}{message} at line {line} column {column}");
    }

    private static long OffsetOf(byte[] body, long line, long bytePositionInLine)
    {
        long offset = 0;
        for (long remaining = line; remaining > 0 && offset < body.Length; offset++)
        {
            if (body[offset] == (byte)'\n')
            {
                remaining--;
            }
        }

        return offset + bytePositionInLine;
    }

    private sealed class InvalidBodyException(string message) : Exception(message);
}
