using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

/// <summary>Error, create and delete shapes selected through <c>/_emulator/config</c>.</summary>
public sealed class ConfigTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [Fact]
    public async Task Config_DefaultsToLiveShapes()
    {
        using var response = await Client.GetAsync("/_emulator/config");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal("{\"errorShape\":\"legacy\",\"createShape\":\"flat\",\"deleteShape\":\"message\"}", text);
    }

    [Fact]
    public async Task Config_PostChangesOnlyGivenFields()
    {
        await SetConfigAsync("{\"createShape\":\"wrapped\"}");
        var updated = await PostControlAsync("/_emulator/config", "{\"errorShape\":\"text\"}");

        Assert.Equal("text", updated.GetProperty("errorShape").GetString());
        Assert.Equal("wrapped", updated.GetProperty("createShape").GetString());
        Assert.Equal("message", updated.GetProperty("deleteShape").GetString());
    }

    [Fact]
    public async Task Config_DeleteResets()
    {
        await SetConfigAsync("{\"errorShape\":\"current\",\"createShape\":\"wrapped\",\"deleteShape\":\"wrapped\"}");

        using var response = await Client.DeleteAsync("/_emulator/config");
        var config = await ReadJsonAsync(response);

        Assert.Equal("legacy", config.GetProperty("errorShape").GetString());
        Assert.Equal("flat", config.GetProperty("createShape").GetString());
        Assert.Equal("message", config.GetProperty("deleteShape").GetString());
    }

    [Theory]
    [InlineData("{\"errorShape\":\"xml\"}", "Invalid errorShape 'xml'. Expected one of \"legacy\", \"current\", \"text\".")]
    [InlineData("{\"createShape\":\"flat_no_username\"}", "Invalid createShape 'flat_no_username'")]
    [InlineData("{\"deleteShape\":\"empty\"}", "Invalid deleteShape 'empty'")]
    [InlineData("{\"errorShapes\":\"legacy\"}", "Unknown property 'errorShapes'")]
    [InlineData("{\"errorShape\":1}", "'errorShape' must be a string")]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("{", "not valid JSON")]
    public async Task Config_InvalidBody_Returns400(string body, string expectedMessage)
    {
        using var response = await Client.PostAsync("/_emulator/config", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expectedMessage, error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task LegacyErrorShape_HasErrCodeAndMessage()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", Server.InvalidKey);
        var body = await ReadJsonAsync(response);

        Assert.Equal(["err_code", "err_msg", "request_id"], body.EnumerateObject().Select(property => property.Name).ToArray());
        Assert.Equal("INVALID_AUTH", body.GetProperty("err_code").GetString());
        Assert.Equal("Invalid credentials.", body.GetProperty("err_msg").GetString());
        Assert.Equal(RequestIdOf(response), body.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task CurrentErrorShape_HasCategoryAndDetails()
    {
        await SetConfigAsync("{\"errorShape\":\"current\"}");

        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", Server.InvalidKey);
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["category", "message", "details", "request_id"], body.EnumerateObject().Select(property => property.Name).ToArray());
        Assert.Equal("INVALID_AUTH", body.GetProperty("category").GetString());
        Assert.Equal("Invalid credentials.", body.GetProperty("message").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("details").GetString()));
        Assert.Equal(RequestIdOf(response), body.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task TextErrorShape_IsPlainText()
    {
        await SetConfigAsync("{\"errorShape\":\"text\"}");

        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", Server.InvalidKey);
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Invalid credentials.", text);
        Assert.True(Guid.TryParse(RequestIdOf(response), out _));
    }

    [Theory]
    [InlineData("legacy", "err_code")]
    [InlineData("current", "category")]
    public async Task ErrorShape_AppliesToUnknownRoute(string shape, string codeProperty)
    {
        await SetConfigAsync($"{{\"errorShape\":\"{shape}\"}}");

        using var response = await SendAsync(HttpMethod.Get, "/v1/nothing-here", OwnerKey);
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", body.GetProperty(codeProperty).GetString());
    }

    [Fact]
    public async Task TextErrorShape_AppliesToValidationError()
    {
        await SetConfigAsync("{\"errorShape\":\"text\"}");

        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, "{}");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("missing field `provider`", text);
    }

    [Fact]
    public async Task FlatNoUsernameShape_OmitsUsername()
    {
        await SetConfigAsync("{\"createShape\":\"flat-no-username\"}");

        var created = await CreateCredentialAsync();

        Assert.Equal(
            ["distribution_credentials_id", "provider", "secret", "comment", "scopes", "created"],
            created.EnumerateObject().Select(property => property.Name).ToArray());
    }

    [Fact]
    public async Task WrappedCreateShape_HasNoSecret()
    {
        await SetConfigAsync("{\"createShape\":\"wrapped\"}");

        var created = await CreateCredentialAsync("wrapped");
        using var response = await GetAsync(CredentialsPath(ProjectId));
        string listText = await response.Content.ReadAsStringAsync();

        Assert.Equal(["member", "distribution_credentials"], created.EnumerateObject().Select(property => property.Name).ToArray());
        Assert.Equal("owner@acme.example", created.GetProperty("member").GetProperty("email").GetString());
        Assert.Equal("wrapped", created.GetProperty("distribution_credentials").GetProperty("comment").GetString());
        Assert.False(created.GetProperty("distribution_credentials").TryGetProperty("secret", out _));
        Assert.Contains(created.GetProperty("distribution_credentials").GetProperty("distribution_credentials_id").GetString()!, listText);
    }

    [Fact]
    public async Task WrappedDeleteShape_ReturnsDeletedCredential()
    {
        await SetConfigAsync("{\"deleteShape\":\"wrapped\"}");
        var id = (await CreateCredentialAsync("deleted")).GetProperty("distribution_credentials_id").GetGuid();

        using var response = await SendAsync(HttpMethod.Delete, CredentialPath(ProjectId, id), OwnerKey);
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, body.GetProperty("distribution_credentials").GetProperty("distribution_credentials_id").GetGuid());
        Assert.Equal("deleted", body.GetProperty("distribution_credentials").GetProperty("comment").GetString());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("member").ValueKind);
    }

    [Fact]
    public async Task Reset_RestoresDefaultConfig()
    {
        await SetConfigAsync("{\"errorShape\":\"text\"}");

        await PostControlAsync("/_emulator/reset", "");
        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", Server.InvalidKey);
        var body = await ReadJsonAsync(response);

        Assert.Equal("INVALID_AUTH", body.GetProperty("err_code").GetString());
    }
}
