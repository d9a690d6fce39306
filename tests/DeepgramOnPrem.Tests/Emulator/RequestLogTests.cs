using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

public sealed class RequestLogTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [Fact]
    public async Task TokenRequest_RecordsAllFields()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, CredentialsPath(ProjectId) + "?page=2");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", OwnerKey);
        request.Headers.UserAgent.ParseAdd("DeepgramOnPrem.Tests/1.0");
        using var response = await Client.SendAsync(request);

        var entry = (await GetRequestLogAsync()).Single();

        Assert.Equal("GET", entry.GetProperty("method").GetString());
        Assert.Equal(CredentialsPath(ProjectId), entry.GetProperty("path").GetString());
        Assert.Equal("?page=2", entry.GetProperty("query").GetString());
        Assert.Equal("Token", entry.GetProperty("scheme").GetString());
        Assert.Equal(OwnerKey, entry.GetProperty("key").GetString());
        Assert.Equal(200, entry.GetProperty("status").GetInt32());
        Assert.Equal(RequestIdOf(response), entry.GetProperty("requestId").GetString());
        Assert.Equal("DeepgramOnPrem.Tests/1.0", entry.GetProperty("userAgent").GetString());
    }

    [Fact]
    public async Task BearerRequest_RecordsToken()
    {
        (await SendAsync(HttpMethod.Get, "/v1/projects", Server.AccessToken, scheme: "Bearer")).Dispose();

        var entry = (await GetRequestLogAsync()).Single();

        Assert.Equal("Bearer", entry.GetProperty("scheme").GetString());
        Assert.Equal(Server.AccessToken, entry.GetProperty("key").GetString());
        Assert.Equal(401, entry.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task BasicRequest_RecordsUserNotPassword()
    {
        var created = await CreateCredentialAsync();
        string user = created.GetProperty("username").GetString()!;
        string secret = created.GetProperty("secret").GetString()!;
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}"));
        await Client.DeleteAsync("/_emulator/requests");

        (await SendAsync(HttpMethod.Get, "/v2/", basic, scheme: "Basic")).Dispose();
        using var logResponse = await Client.GetAsync("/_emulator/requests");
        string logText = await logResponse.Content.ReadAsStringAsync();
        var entry = (await GetRequestLogAsync()).Single();

        Assert.Equal("Basic", entry.GetProperty("scheme").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("key").ValueKind);
        Assert.Equal(user, entry.GetProperty("user").GetString());
        Assert.DoesNotContain(secret, logText);
    }

    [Fact]
    public async Task NoAuthorization_RecordsNone()
    {
        (await SendAsync(HttpMethod.Get, "/v1/projects")).Dispose();

        var entry = (await GetRequestLogAsync()).Single();

        Assert.Equal("none", entry.GetProperty("scheme").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("key").ValueKind);
        Assert.Equal(401, entry.GetProperty("status").GetInt32());
        Assert.Equal("", entry.GetProperty("query").GetString());
    }

    [Fact]
    public async Task UnknownScheme_RecordsOther()
    {
        (await SendAsync(HttpMethod.Get, "/v1/projects", OwnerKey, scheme: "Digest")).Dispose();

        var entry = (await GetRequestLogAsync()).Single();

        Assert.Equal("other", entry.GetProperty("scheme").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("key").ValueKind);
    }

    [Fact]
    public async Task Entries_KeepArrivalOrder()
    {
        (await GetAsync("/v1/projects")).Dispose();
        (await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, CreateBody())).Dispose();
        (await GetAsync("/no/such/route")).Dispose();

        var entries = await GetRequestLogAsync();

        Assert.Equal(["/v1/projects", CredentialsPath(ProjectId), "/no/such/route"], entries.Select(entry => entry.GetProperty("path").GetString()));
        Assert.Equal([200, 200, 404], entries.Select(entry => entry.GetProperty("status").GetInt32()));
        Assert.True(entries[0].GetProperty("sequence").GetInt64() < entries[1].GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task ControlRequests_AreNotRecorded()
    {
        await Client.GetAsync("/_emulator/config");
        await Client.GetAsync("/_emulator/faults");
        await Client.GetAsync("/_emulator/unknown");

        var entries = await GetRequestLogAsync();

        Assert.Empty(entries);
    }

    [Fact]
    public async Task Delete_ClearsLog()
    {
        (await GetAsync("/v1/projects")).Dispose();

        using var response = await Client.DeleteAsync("/_emulator/requests");
        var entries = await GetRequestLogAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(entries);
    }

    [Fact]
    public async Task FaultedRequest_RecordsFaultStatus()
    {
        await AddFaultAsync("""{"steps":[{"kind":"status","status":429}]}""");

        (await GetAsync("/v1/projects")).Dispose();
        var entry = (await GetRequestLogAsync()).Single();

        Assert.Equal(429, entry.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task EachKey_IsRecordedPerRequest()
    {
        (await GetAsync("/v1/projects", OwnerKey)).Dispose();
        (await GetAsync("/v1/projects", Server.MemberKey)).Dispose();
        (await GetAsync("/v1/projects", Server.InvalidKey)).Dispose();

        var keys = (await GetRequestLogAsync()).Select(entry => entry.GetProperty("key").GetString());

        Assert.Equal([OwnerKey, Server.MemberKey, Server.InvalidKey], keys);
    }
}
