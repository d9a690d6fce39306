using System.Net;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

/// <summary>Every distribution credential route on both route families, and the paths that must not match.</summary>
public sealed class CredentialRouteTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    public static TheoryData<string> Families => new() { "self-hosted", "onprem" };

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Create_OnFamily_Returns200(string family)
    {
        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId, family), OwnerKey, CreateBody());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task List_OnFamily_Returns200(string family)
    {
        await CreateCredentialAsync();

        var listed = await ListAsync(family: family);

        Assert.Single(listed);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Get_OnFamily_Returns200(string family)
    {
        var id = (await CreateCredentialAsync()).GetProperty("distribution_credentials_id").GetGuid();

        using var response = await GetAsync(CredentialPath(ProjectId, id, family));
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, body.GetProperty("distribution_credentials").GetProperty("distribution_credentials_id").GetGuid());
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Delete_OnFamily_Returns200(string family)
    {
        var id = (await CreateCredentialAsync()).GetProperty("distribution_credentials_id").GetGuid();

        using var response = await SendAsync(HttpMethod.Delete, CredentialPath(ProjectId, id, family), OwnerKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task Families_ShareOneStore()
    {
        await CreateCredentialAsync("current", family: "self-hosted");
        await CreateCredentialAsync("older", family: "onprem");

        var viaCurrent = await ListAsync(family: "self-hosted");
        var viaOlder = await ListAsync(family: "onprem");

        Assert.Equal(2, viaCurrent.Length);
        Assert.Equal(2, viaOlder.Length);
    }

    [Fact]
    public async Task OnpremCreated_DeletedViaSelfHosted()
    {
        var id = (await CreateCredentialAsync(family: "onprem")).GetProperty("distribution_credentials_id").GetGuid();

        using var response = await SendAsync(HttpMethod.Delete, CredentialPath(ProjectId, id, "self-hosted"), OwnerKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("POST", false)]
    [InlineData("GET", true)]
    [InlineData("DELETE", true)]
    public async Task SelfhostedWithoutHyphen_Returns404(string method, bool withId)
    {
        var id = (await CreateCredentialAsync()).GetProperty("distribution_credentials_id").GetGuid();
        string path = withId ? CredentialPath(ProjectId, id, "selfhosted") : CredentialsPath(ProjectId, "selfhosted");

        using var response = await SendAsync(new HttpMethod(method), path, OwnerKey, method == "POST" ? CreateBody() : null);
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", body.GetProperty("err_code").GetString());
        Assert.Single(await ListAsync());
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("POST", false)]
    [InlineData("GET", true)]
    [InlineData("DELETE", true)]
    public async Task CloudProject_Returns403(string method, bool withId)
    {
        var cloud = Server.CloudProjectId;
        string path = withId ? CredentialPath(cloud, Guid.NewGuid()) : CredentialsPath(cloud);

        using var response = await SendAsync(new HttpMethod(method), path, OwnerKey, method == "POST" ? CreateBody() : null);
        var body = await ReadJsonAsync(response);
        string message = body.GetProperty("err_msg").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("INSUFFICIENT_PERMISSIONS", body.GetProperty("err_code").GetString());
        Assert.Contains("self-hosted", message);
        Assert.Contains(cloud.ToString(), message);
    }

    [Fact]
    public async Task UnknownProject_Returns404()
    {
        using var response = await GetAsync(CredentialsPath(Guid.NewGuid()));
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", body.GetProperty("err_code").GetString());
    }

    [Fact]
    public async Task MalformedProjectId_Returns400()
    {
        using var response = await GetAsync("/v1/projects/123/self-hosted/distribution/credentials");
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid project id '123'", body.GetProperty("err_msg").GetString());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task MalformedCredentialId_Returns400(string method)
    {
        using var response = await SendAsync(new HttpMethod(method), CredentialsPath(ProjectId) + "/xyz", OwnerKey);
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", body.GetProperty("err_code").GetString());
        Assert.Contains("Invalid distribution credentials id 'xyz'", body.GetProperty("err_msg").GetString());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task UnknownCredential_Returns404(string method)
    {
        var unknown = Guid.NewGuid();

        using var response = await SendAsync(new HttpMethod(method), CredentialPath(ProjectId, unknown), OwnerKey);
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", body.GetProperty("err_code").GetString());
        Assert.Contains(unknown.ToString(), body.GetProperty("err_msg").GetString());
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/v1/project")]
    [InlineData("GET", "/v1/projects/{project}/self-hosted/distribution")]
    [InlineData("GET", "/v1/projects/{project}/self-hosted/distribution/credentials/{id}/extra")]
    [InlineData("PUT", "/v1/projects/{project}/self-hosted/distribution/credentials")]
    [InlineData("GET", "/v2/_catalog")]
    [InlineData("GET", "/favicon.ico")]
    public async Task UnknownRoute_Returns404InErrorShape(string method, string pathTemplate)
    {
        string path = pathTemplate.Replace("{project}", ProjectId.ToString()).Replace("{id}", Guid.NewGuid().ToString());

        using var response = await SendAsync(new HttpMethod(method), path, OwnerKey);
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", body.GetProperty("err_code").GetString());
        Assert.Equal(RequestIdOf(response), body.GetProperty("request_id").GetString());
    }
}
