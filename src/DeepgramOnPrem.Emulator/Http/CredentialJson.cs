using System.Globalization;
using System.Text.Json;

namespace DeepgramOnPrem.Emulator.Http;

/// <summary>Writes distribution credentials in the JSON shapes of the live API and the OpenAPI spec.</summary>
internal static class CredentialJson
{
    /// <summary>Formats a UTC time as RFC 3339 with exactly six fractional digits, e.g. <c>2023-06-28T22:05:10.286665Z</c>.</summary>
    public static string FormatCreated(DateTime created) =>
        created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes the flat create response, the only shape that carries the secret:
    /// <c>distribution_credentials_id, provider, username?, secret, comment, scopes, tags?, created</c>.
    /// </summary>
    public static void WriteFlat(Utf8JsonWriter writer, DistributionCredential credential, bool includeUserName)
    {
        writer.WriteStartObject();
        writer.WriteString("distribution_credentials_id", credential.DistributionCredentialsId);
        writer.WriteString("provider", credential.Provider);
        if (includeUserName)
        {
            writer.WriteString("username", credential.UserName);
        }

        writer.WriteString("secret", credential.Secret);
        WriteCommentThroughCreated(writer, credential);
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>{"member":{…},"distribution_credentials":{…}}</c>, which never carries the secret.</summary>
    public static void WriteWrapped(Utf8JsonWriter writer, DistributionCredential credential)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("member");
        writer.WriteString("member_id", credential.Member.MemberId);
        writer.WriteString("email", credential.Member.Email);
        writer.WriteEndObject();

        writer.WriteStartObject("distribution_credentials");
        writer.WriteString("distribution_credentials_id", credential.DistributionCredentialsId);
        writer.WriteString("provider", credential.Provider);
        WriteCommentThroughCreated(writer, credential);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteCommentThroughCreated(Utf8JsonWriter writer, DistributionCredential credential)
    {
        if (credential.Comment is null)
        {
            writer.WriteNull("comment");
        }
        else
        {
            writer.WriteString("comment", credential.Comment);
        }

        JsonOutput.WriteStringArray(writer, "scopes", credential.Scopes);
        if (credential.Tags.Count > 0)
        {
            JsonOutput.WriteStringArray(writer, "tags", credential.Tags);
        }

        writer.WriteString("created", FormatCreated(credential.Created));
    }
}
