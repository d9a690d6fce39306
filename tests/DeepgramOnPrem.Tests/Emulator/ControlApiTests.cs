using System.Net;
using System.Text;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

/// <summary>Keys, reset and the error handling of <c>/_emulator/</c>.</summary>
public sealed class ControlApiTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [Fact]
    public async Task CreateKey_ReturnsNewKey()
    {
        var created = await PostControlAsync("/_emulator/keys", "{\"role\":\"owner\"}");
        string key = created.GetProperty("key").GetString()!;

        using var response = await SendAsync(HttpMethod.Get, "/v1/projects", key);

        Assert.Matches("^[0-9a-f]{40}$", key);
        Assert.NotEqual(OwnerKey, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CreateKey_EightAreDistinct()
    {
        var keys = new List<string>();
        for (int i = 0; i < 8; i++)
        {
            keys.Add((await PostControlAsync("/_emulator/keys", "{\"role\":\"owner\"}")).GetProperty("key").GetString()!);
        }

        Assert.Equal(8, keys.Distinct().Count());
    }

    [Fact]
    public async Task CreateKey_MemberCannotCreate()
    {
        var created = await PostControlAsync("/_emulator/keys", "{\"role\":\"member\"}");

        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), created.GetProperty("key").GetString(), CreateBody());

        Assert.Equal("member", created.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task CreateKey_WorksOnCloudProject()
    {
        var created = await PostControlAsync("/_emulator/keys", "{\"role\":\"owner\"}");

        using var response = await SendAsync(HttpMethod.Get, $"/v1/projects/{Server.CloudProjectId}", created.GetProperty("key").GetString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CreateKey_InvalidRole_Returns400()
    {
        using var response = await Client.PostAsync("/_emulator/keys", new StringContent("{\"role\":\"admin\"}", Encoding.UTF8, "application/json"));
        var error = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid role 'admin'. Expected \"owner\" or \"member\".", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Reset_KeepsKeysAndProjects()
    {
        var created = await PostControlAsync("/_emulator/keys", "{\"role\":\"owner\"}");
        await CreateCredentialAsync();
        (await GetAsync("/v1/projects")).Dispose();

        await PostControlAsync("/_emulator/reset", "");
        using var projects = await SendAsync(HttpMethod.Get, $"/v1/projects/{ProjectId}", created.GetProperty("key").GetString());
        var credentials = await ListAsync();
        var log = await GetRequestLogAsync();

        Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
        Assert.Empty(credentials);
        Assert.Equal(2, log.Length);
    }

    [Fact]
    public async Task UnknownControlRoute_Returns404()
    {
        using var response = await Client.GetAsync("/_emulator/nothing");
        var error = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No control route matches GET /_emulator/nothing", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ControlRoutes_NeedNoKey()
    {
        using var response = await Client.GetAsync("/_emulator/requests");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StateObject_SeesHttpChanges()
    {
        var created = await CreateCredentialAsync("in-process");
        var id = created.GetProperty("distribution_credentials_id").GetGuid();

        var stored = Server.State.Credentials.Find(ProjectId, id);

        Assert.NotNull(stored);
        Assert.Equal(created.GetProperty("secret").GetString(), stored.Secret);
        Assert.Equal("in-process", stored.Comment);
    }
}
