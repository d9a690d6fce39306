using System.Net;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

public sealed class ProjectTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [Fact]
    public async Task List_ReturnsBothProjects()
    {
        using var response = await GetAsync("/v1/projects");
        var projects = (await ReadJsonAsync(response)).GetProperty("projects").EnumerateArray().ToArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, projects.Length);
        Assert.Equal(Server.SelfHostedProjectId, projects[0].GetProperty("project_id").GetGuid());
        Assert.Equal("Acme on-prem", projects[0].GetProperty("name").GetString());
        Assert.Equal(Server.CloudProjectId, projects[1].GetProperty("project_id").GetGuid());
        Assert.Equal("Acme cloud", projects[1].GetProperty("name").GetString());
    }

    [Fact]
    public async Task List_ItemsHaveCompany()
    {
        using var response = await GetAsync("/v1/projects");
        var project = (await ReadJsonAsync(response)).GetProperty("projects")[0];

        string[] names = project.EnumerateObject().Select(property => property.Name).ToArray();
        Assert.Equal(["project_id", "name", "company"], names);
    }

    [Fact]
    public async Task Get_ReturnsProject()
    {
        using var response = await GetAsync($"/v1/projects/{Server.CloudProjectId}");
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Server.CloudProjectId, body.GetProperty("project_id").GetGuid());
        Assert.Equal("Acme cloud", body.GetProperty("name").GetString());
        Assert.False(body.GetProperty("mip_opt_out").GetBoolean());
    }

    [Fact]
    public async Task Get_UpperCaseId_ReturnsProject()
    {
        using var response = await GetAsync($"/v1/projects/{ProjectId.ToString().ToUpperInvariant()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        var unknown = Guid.NewGuid();

        using var response = await GetAsync($"/v1/projects/{unknown}");
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", body.GetProperty("err_code").GetString());
        Assert.Contains(unknown.ToString(), body.GetProperty("err_msg").GetString());
    }

    [Fact]
    public async Task Get_MalformedId_Returns400()
    {
        using var response = await GetAsync("/v1/projects/not-a-guid");
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", body.GetProperty("err_code").GetString());
        Assert.Contains("Invalid project id 'not-a-guid'", body.GetProperty("err_msg").GetString());
    }

    [Fact]
    public async Task Get_MalformedIdWithoutKey_Returns401()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/projects/not-a-guid");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
