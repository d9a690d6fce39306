using System.Net;
using System.Text;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

public sealed class AuthTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [Fact]
    public async Task OwnerKey_ListsProjects()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", OwnerKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MemberKey_ListsProjects()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", Server.MemberKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task InvalidKey_Returns401()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", Server.InvalidKey);
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("INVALID_AUTH", body.GetProperty("err_code").GetString());
        Assert.Equal("Invalid credentials.", body.GetProperty("err_msg").GetString());
    }

    [Fact]
    public async Task MissingHeader_Returns401()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/projects");
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("INVALID_AUTH", body.GetProperty("err_code").GetString());
    }

    [Fact]
    public async Task BearerToken_Returns401ExplainingTokens()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", Server.AccessToken, scheme: "Bearer");
        var body = await ReadJsonAsync(response);
        string message = body.GetProperty("err_msg").GetString()!;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("INVALID_AUTH", body.GetProperty("err_code").GetString());
        Assert.Contains("Access tokens", message);
        Assert.Contains("not accepted by management endpoints", message);
        Assert.Contains("API key", message);
    }

    [Fact]
    public async Task OwnerKeyAsBearer_Returns401()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", OwnerKey, scheme: "Bearer");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task BasicOnApi_Returns401()
    {
        var created = await CreateCredentialAsync();
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{created.GetProperty("username").GetString()}:{created.GetProperty("secret").GetString()}"));

        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", basic, scheme: "Basic");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TokenWithoutKey_Returns401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/projects");
        request.Headers.TryAddWithoutValidation("Authorization", "Token");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task UnknownScheme_Returns401()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", OwnerKey, scheme: "Digest");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task LowerCaseTokenScheme_IsAccepted()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", OwnerKey, scheme: "token");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("POST", false)]
    [InlineData("GET", true)]
    [InlineData("DELETE", true)]
    public async Task InvalidKey_RejectedOnCredentialRoutes(string method, bool withId)
    {
        var created = await CreateCredentialAsync();
        string path = withId
            ? CredentialPath(ProjectId, created.GetProperty("distribution_credentials_id").GetGuid())
            : CredentialsPath(ProjectId);
        string? body = method == "POST" ? CreateBody() : null;

        using var response = await SendAsync(new HttpMethod(method), path, Server.InvalidKey, body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task MemberKey_CreateReturns403()
    {
        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), Server.MemberKey, CreateBody());
        var body = await ReadJsonAsync(response);
        string message = body.GetProperty("err_msg").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("INSUFFICIENT_PERMISSIONS", body.GetProperty("err_code").GetString());
        Assert.Contains("owner or admin", message);
        Assert.Contains("keys:write", message);
    }

    [Fact]
    public async Task MemberKey_CreateDoesNotCreate()
    {
        (await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), Server.MemberKey, CreateBody())).Dispose();

        var listed = await ListAsync();

        Assert.Empty(listed);
    }

    [Fact]
    public async Task MemberKey_DeleteReturns403()
    {
        var created = await CreateCredentialAsync();
        var id = created.GetProperty("distribution_credentials_id").GetGuid();

        using var response = await SendAsync(HttpMethod.Delete, CredentialPath(ProjectId, id), Server.MemberKey);
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("INSUFFICIENT_PERMISSIONS", body.GetProperty("err_code").GetString());
        Assert.Contains("owner or admin", body.GetProperty("err_msg").GetString());
        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task MemberKey_GetsOwnersCredential()
    {
        var created = await CreateCredentialAsync();
        var id = created.GetProperty("distribution_credentials_id").GetGuid();

        using var response = await SendAsync(HttpMethod.Get, CredentialPath(ProjectId, id), Server.MemberKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MemberKey_ListsOnlyOwnCredentials()
    {
        await CreateCredentialAsync("owner's");
        await PostControlAsync($"/_emulator/projects/{ProjectId}/seed", "{\"count\":2,\"comment\":\"member's\",\"memberEmail\":\"member@acme.example\"}");

        var ownerView = await ListAsync(OwnerKey);
        var memberView = await ListAsync(Server.MemberKey);

        Assert.Equal(3, ownerView.Length);
        Assert.Equal(2, memberView.Length);
        Assert.All(memberView, item => Assert.Equal("member@acme.example", item.GetProperty("member").GetProperty("email").GetString()));
        Assert.All(memberView, item => Assert.Equal("member's", item.GetProperty("distribution_credentials").GetProperty("comment").GetString()));
    }

    [Fact]
    public async Task CreatedMemberKey_SeesNothingOfOthers()
    {
        await CreateCredentialAsync();
        var created = await PostControlAsync("/_emulator/keys", "{\"role\":\"member\"}");

        var listed = await ListAsync(created.GetProperty("key").GetString());

        Assert.Empty(listed);
    }

    [Fact]
    public async Task CreatedOwnerKey_CanCreate()
    {
        var created = await PostControlAsync("/_emulator/keys", "{\"role\":\"owner\"}");
        string key = created.GetProperty("key").GetString()!;

        var credential = await CreateCredentialAsync(key: key);
        var listed = await ListAsync();

        Assert.Equal(credential.GetProperty("distribution_credentials_id").GetGuid(), listed.Single().GetProperty("distribution_credentials").GetProperty("distribution_credentials_id").GetGuid());
        Assert.Equal(created.GetProperty("email").GetString(), listed.Single().GetProperty("member").GetProperty("email").GetString());
    }
}
