using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeepgramOnPrem.Api
{
    /// <summary>
    /// Reads every response shape the Deepgram management API is known to send: flat and wrapped
    /// credentials, <c>{"message"}</c> and wrapped deletes, and three error body shapes. Anything it
    /// cannot read becomes a <see cref="DeepgramApiException"/> of kind
    /// <see cref="DeepgramErrorKind.InvalidResponse"/>, never another exception type.
    /// </summary>
    public static class ResponseParser
    {
        private static readonly JsonDocumentOptions DocumentOptions = new JsonDocumentOptions { MaxDepth = 64 };

        public static IReadOnlyList<ProjectInfo> ParseProjects(ReadOnlyMemory<byte> body)
        {
            return Guard("project list", () =>
            {
                using JsonDocument document = JsonDocument.Parse(body, DocumentOptions);
                JsonElement root = RequireObject(document.RootElement, "project list");
                var projects = new List<ProjectInfo>();
                if (!root.TryGetProperty("projects", out JsonElement array) || array.ValueKind == JsonValueKind.Null)
                {
                    throw Invalid("the project list has no 'projects' array");
                }

                if (array.ValueKind != JsonValueKind.Array)
                {
                    throw Invalid("'projects' is not an array");
                }

                foreach (JsonElement item in array.EnumerateArray())
                {
                    projects.Add(ReadProject(item));
                }

                return (IReadOnlyList<ProjectInfo>)projects;
            });
        }

        public static ProjectInfo ParseProject(ReadOnlyMemory<byte> body)
        {
            return Guard("project", () =>
            {
                using JsonDocument document = JsonDocument.Parse(body, DocumentOptions);
                return ReadProject(document.RootElement);
            });
        }

        /// <summary>
        /// Parses a create or get response: the flat object that create returns, or the
        /// <c>{"member":{…},"distribution_credentials":{…}}</c> wrapper that get returns and that
        /// the OpenAPI spec gives for create.
        /// </summary>
        public static DistributionCredentialInfo ParseCredential(ReadOnlyMemory<byte> body, Guid projectId)
        {
            return Guard("distribution credential", () =>
            {
                using JsonDocument document = JsonDocument.Parse(body, DocumentOptions);
                return ReadCredentialEntry(document.RootElement, projectId);
            });
        }

        /// <summary>
        /// Parses a whole list body. <see cref="CredentialListReader"/> streams the same shape.
        /// </summary>
        public static IReadOnlyList<DistributionCredentialInfo> ParseCredentialList(ReadOnlyMemory<byte> body, Guid projectId)
        {
            return Guard("distribution credential list", () =>
            {
                using JsonDocument document = JsonDocument.Parse(body, DocumentOptions);
                JsonElement root = RequireObject(document.RootElement, "distribution credential list");
                var items = new List<DistributionCredentialInfo>();
                if (!root.TryGetProperty("distribution_credentials", out JsonElement array))
                {
                    throw Invalid("the list has no 'distribution_credentials' array");
                }

                if (array.ValueKind == JsonValueKind.Null)
                {
                    return (IReadOnlyList<DistributionCredentialInfo>)items;
                }

                if (array.ValueKind != JsonValueKind.Array)
                {
                    throw Invalid("'distribution_credentials' is not an array");
                }

                foreach (JsonElement item in array.EnumerateArray())
                {
                    items.Add(ReadCredentialEntry(item, projectId));
                }

                return (IReadOnlyList<DistributionCredentialInfo>)items;
            });
        }

        /// <summary>
        /// Parses a delete response: <c>{"message":"…"}</c>, the wrapped credential, or an empty
        /// body. Returns the server's message when there is one.
        /// </summary>
        public static string? ParseDeleteResponse(ReadOnlyMemory<byte> body)
        {
            if (IsBlank(body.Span))
            {
                return null;
            }

            return Guard("delete response", () =>
            {
                using JsonDocument document = JsonDocument.Parse(body, DocumentOptions);
                JsonElement root = document.RootElement;
                if (root.ValueKind == JsonValueKind.String)
                {
                    return root.GetString();
                }

                RequireObject(root, "delete response");
                return OptionalString(root, "message");
            });
        }

        /// <summary>
        /// Reads an error body in any of its shapes: legacy <c>{"err_code","err_msg","request_id"}</c>,
        /// current <c>{"category","message","details","request_id"}</c>, a JSON or plain string, an
        /// HTML page from a proxy, or nothing. It returns a result for any input rather than throwing.
        /// </summary>
        public static ApiErrorBody ParseError(ReadOnlySpan<byte> body, string? contentType)
        {
            if (IsBlank(body))
            {
                return new ApiErrorBody(null, null, null, null);
            }

            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(body.ToArray());
            }
            catch (DecoderFallbackException)
            {
                return new ApiErrorBody(null, "The response body is not UTF-8 text.", null, null);
            }

            string trimmed = text.Trim();
            bool looksHtml = (contentType != null && contentType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0)
                || trimmed.StartsWith("<", StringComparison.Ordinal);
            if (looksHtml)
            {
                return new ApiErrorBody(null, DescribeHtml(trimmed), null, null);
            }

            if (trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("\"", StringComparison.Ordinal))
            {
                try
                {
                    using JsonDocument document = JsonDocument.Parse(trimmed, DocumentOptions);
                    JsonElement root = document.RootElement;
                    if (root.ValueKind == JsonValueKind.String)
                    {
                        return new ApiErrorBody(null, Truncate(root.GetString()), null, null);
                    }

                    if (root.ValueKind == JsonValueKind.Object)
                    {
                        string? code = LooseString(root, "err_code") ?? LooseString(root, "category") ?? LooseString(root, "error");
                        string? message = LooseString(root, "err_msg") ?? LooseString(root, "message") ?? LooseString(root, "reason");
                        string? details = LooseString(root, "details");
                        string? requestId = LooseString(root, "request_id");
                        return new ApiErrorBody(Truncate(code), Truncate(message), Truncate(details), Truncate(requestId));
                    }
                }
                catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException)
                {
                    // A body that starts like JSON but is not valid, or contains a lone surrogate, is reported as text.
                }
            }

            return new ApiErrorBody(null, Truncate(trimmed), null, null);
        }

        /// <summary>
        /// Parses an RFC 3339 time with 0 to 9 fractional digits and any offset, keeping the offset.
        /// .NET reads at most 7 fractional digits, so digits past the seventh are dropped (below 100 ns).
        /// </summary>
        public static bool TryParseTimestamp(string? value, out DateTimeOffset result)
        {
            // A list parses one timestamp per entry, so the usual shape skips the regular expression.
            if (value != null && TryParseCommonTimestamp(value, out result))
            {
                return true;
            }

            result = default;
            if (string.IsNullOrWhiteSpace(value))
            {
                return false;
            }

            Match match = TimestampPattern.Match(value!.Trim());
            if (!match.Success)
            {
                return false;
            }

            string fraction = match.Groups["fraction"].Value;
            if (fraction.Length > 8)
            {
                fraction = fraction.Substring(0, 8);
            }

            string offset = match.Groups["offset"].Value;
            if (offset.Length == 0 || offset == "Z" || offset == "z")
            {
                offset = "+00:00";
            }
            else if (offset.Length == 5)
            {
                offset = offset.Substring(0, 3) + ":" + offset.Substring(3);
            }

            string normalized = match.Groups["date"].Value + "T" + match.Groups["time"].Value + fraction + offset;
            return DateTimeOffset.TryParseExact(
                normalized,
                fraction.Length == 0 ? "yyyy-MM-dd'T'HH:mm:sszzz" : "yyyy-MM-dd'T'HH:mm:ss" + "." + new string('f', fraction.Length - 1) + "zzz",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out result);
        }

        /// <summary>
        /// Parses <c>yyyy-MM-ddTHH:mm:ss[.fraction][Z|±hh:mm|±hhmm]</c> in ASCII digits, with no
        /// surrounding white space, without allocating. It returns false for every other text and
        /// for out-of-range values, so that <see cref="TryParseTimestamp"/> falls back to its general
        /// parse. When it returns true, the general parse returns the same value.
        /// </summary>
        private static bool TryParseCommonTimestamp(string text, out DateTimeOffset result)
        {
            result = default;
            if (text.Length < 19
                || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
                || text[13] != ':' || text[16] != ':'
                || !TryReadDigits(text, 0, 4, out int year) || !TryReadDigits(text, 5, 2, out int month)
                || !TryReadDigits(text, 8, 2, out int day) || !TryReadDigits(text, 11, 2, out int hour)
                || !TryReadDigits(text, 14, 2, out int minute) || !TryReadDigits(text, 17, 2, out int second))
            {
                return false;
            }

            int position = 19;
            long fractionTicks = 0;
            if (position < text.Length && text[position] == '.')
            {
                position++;
                int digits = 0;
                while (position < text.Length && IsAsciiDigit(text[position]))
                {
                    // A tick is 100 ns, the seventh digit, so later digits are dropped as the general parse drops them.
                    if (digits < 7)
                    {
                        fractionTicks = (fractionTicks * 10) + (text[position] - '0');
                    }

                    digits++;
                    position++;
                }

                if (digits == 0 || digits > 9)
                {
                    return false;
                }

                for (int i = digits; i < 7; i++)
                {
                    fractionTicks *= 10;
                }
            }

            int offsetMinutes = 0;
            int rest = text.Length - position;
            if (rest == 1 && (text[position] == 'Z' || text[position] == 'z'))
            {
                offsetMinutes = 0;
            }
            else if (rest == 5 || (rest == 6 && text[position + 3] == ':'))
            {
                char sign = text[position];
                if ((sign != '+' && sign != '-')
                    || !TryReadDigits(text, position + 1, 2, out int offsetHours)
                    || !TryReadDigits(text, position + rest - 2, 2, out int offsetMinutePart)
                    || offsetMinutePart > 59
                    || (offsetHours * 60) + offsetMinutePart > 14 * 60)
                {
                    return false;
                }

                offsetMinutes = (sign == '-' ? -1 : 1) * ((offsetHours * 60) + offsetMinutePart);
            }
            else if (rest != 0)
            {
                return false;
            }

            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            long ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fractionTicks;
            long utcTicks = ticks - (offsetMinutes * TimeSpan.TicksPerMinute);
            if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
            {
                return false;
            }

            result = new DateTimeOffset(ticks, TimeSpan.FromMinutes(offsetMinutes));
            return true;
        }

        private static bool TryReadDigits(string text, int start, int count, out int value)
        {
            value = 0;
            for (int i = start; i < start + count; i++)
            {
                if (!IsAsciiDigit(text[i]))
                {
                    return false;
                }

                value = (value * 10) + (text[i] - '0');
            }

            return true;
        }

        private static bool IsAsciiDigit(char c) => c >= '0' && c <= '9';

        private static readonly Regex TimestampPattern = new Regex(
            @"^(?<date>\d{4}-\d{2}-\d{2})[Tt ](?<time>\d{2}:\d{2}:\d{2})(?<fraction>\.\d{1,9})?(?<offset>[Zz]|[+-]\d{2}:?\d{2})?$",
            RegexOptions.CultureInvariant);

        internal static DistributionCredentialInfo ReadCredentialEntry(JsonElement element, Guid projectId)
        {
            RequireObject(element, "distribution credential");
            if (element.TryGetProperty("distribution_credentials", out JsonElement inner) && inner.ValueKind == JsonValueKind.Object)
            {
                DistributionCredentialInfo info = ReadCredential(inner, projectId);
                if (element.TryGetProperty("member", out JsonElement member) && member.ValueKind == JsonValueKind.Object)
                {
                    info.MemberId = OptionalString(member, "member_id");
                    info.MemberEmail = OptionalString(member, "email");
                }

                // The wrapped shape never carries the secret, but a flat field beside it would.
                info.Secret ??= OptionalString(element, "secret");
                return info;
            }

            return ReadCredential(element, projectId);
        }

        private static DistributionCredentialInfo ReadCredential(JsonElement element, Guid projectId)
        {
            string? idText = OptionalString(element, "distribution_credentials_id");
            if (idText == null)
            {
                throw Invalid("the credential has no 'distribution_credentials_id'");
            }

            if (!Guid.TryParse(idText, out Guid id))
            {
                throw Invalid("'distribution_credentials_id' is not a GUID");
            }

            var info = new DistributionCredentialInfo
            {
                DistributionCredentialId = id,
                ProjectId = projectId,
                Provider = OptionalString(element, "provider") ?? "quay",
                Comment = OptionalString(element, "comment"),
                Scopes = OptionalStringArray(element, "scopes"),
                Tags = OptionalStringArray(element, "tags"),
                Secret = OptionalString(element, "secret"),
            };

            string? created = OptionalString(element, "created");
            if (created != null)
            {
                if (!TryParseTimestamp(created, out DateTimeOffset timestamp))
                {
                    throw Invalid("'created' is not an RFC 3339 timestamp");
                }

                info.Created = timestamp;
            }

            return info;
        }

        private static ProjectInfo ReadProject(JsonElement element)
        {
            RequireObject(element, "project");
            string? idText = OptionalString(element, "project_id");
            if (idText == null || !Guid.TryParse(idText, out Guid id))
            {
                throw Invalid("a project has a missing or invalid 'project_id'");
            }

            return new ProjectInfo(id, OptionalString(element, "name") ?? string.Empty, OptionalString(element, "company"));
        }

        private static JsonElement RequireObject(JsonElement element, string what)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the " + what + " is a JSON " + element.ValueKind.ToString().ToLowerInvariant() + ", not an object");
            }

            return element;
        }

        private static string? OptionalString(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw Invalid("'" + name + "' is a JSON " + value.ValueKind.ToString().ToLowerInvariant() + ", not a string");
            }

            return value.GetString();
        }

        private static IReadOnlyList<string> OptionalStringArray(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return Array.Empty<string>();
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("'" + name + "' is not an array");
            }

            var items = new List<string>(value.GetArrayLength());
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw Invalid("'" + name + "' contains a JSON " + item.ValueKind.ToString().ToLowerInvariant() + ", not a string");
                }

                items.Add(item.GetString()!);
            }

            return items;
        }

        // Error bodies are read leniently: a number where a string was expected is still shown.
        private static string? LooseString(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return value.GetString();
                case JsonValueKind.Null:
                case JsonValueKind.Undefined:
                    return null;
                default:
                    return value.GetRawText();
            }
        }

        private static string DescribeHtml(string html)
        {
            Match title = Regex.Match(html, @"<title[^>]*>(?<title>[^<]*)</title>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            string text = title.Success
                ? title.Groups["title"].Value
                : Regex.Replace(html, "<[^>]*>", " ", RegexOptions.CultureInvariant);
            text = Regex.Replace(text, @"\s+", " ", RegexOptions.CultureInvariant).Trim();
            return "An HTML page" + (text.Length > 0 ? " (" + Truncate(text) + ")" : string.Empty)
                + " came back instead of a Deepgram response, so a proxy or gateway probably answered.";
        }

        private static string? Truncate(string? text)
        {
            const int MaxLength = 500;
            if (text == null || text.Length <= MaxLength)
            {
                return text;
            }

            return text.Substring(0, MaxLength) + "…";
        }

        private static bool IsBlank(ReadOnlySpan<byte> body)
        {
            foreach (byte b in body)
            {
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n')
                {
                    return false;
                }
            }

            return true;
        }

        private static T Guard<T>(string what, Func<T> parse)
        {
            try
            {
                return parse();
            }
            catch (DeepgramApiException)
            {
                throw;
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidOperationException
                || ex is ArgumentException || ex is OverflowException)
            {
                throw new DeepgramApiException(
                    DeepgramErrorKind.InvalidResponse,
                    "The " + what + " response is not valid JSON: " + ex.Message,
                    innerException: ex);
            }
        }

        internal static DeepgramApiException Invalid(string reason) =>
            new DeepgramApiException(DeepgramErrorKind.InvalidResponse, "The response could not be read: " + reason + ".");
    }

    /// <summary>The fields of an error body, whichever shape it came in.</summary>
    public sealed class ApiErrorBody
    {
        public ApiErrorBody(string? errorCode, string? message, string? details, string? requestId)
        {
            ErrorCode = errorCode;
            Message = message;
            Details = details;
            RequestId = requestId;
        }

        public string? ErrorCode { get; }

        public string? Message { get; }

        public string? Details { get; }

        public string? RequestId { get; }
    }
}
