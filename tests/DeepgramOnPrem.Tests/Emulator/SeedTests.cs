using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

public sealed class SeedTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [Fact]
    public async Task Seed_TenThousand_ListsThemAll()
    {
        var seedTimer = Stopwatch.StartNew();
        var seeded = await PostControlAsync($"/_emulator/projects/{ProjectId}/seed", "{\"count\":10000}");
        seedTimer.Stop();

        var listTimer = Stopwatch.StartNew();
        var listed = await ListAsync();
        listTimer.Stop();
        var ids = listed.Select(item => item.GetProperty("distribution_credentials").GetProperty("distribution_credentials_id").GetGuid());

        Assert.Equal(10000, seeded.GetProperty("created").GetInt32());
        Assert.Equal(10000, listed.Length);
        Assert.Equal(10000, ids.Distinct().Count());
        Assert.Equal("seeded credential 1", listed[0].GetProperty("distribution_credentials").GetProperty("comment").GetString());
        Assert.Equal("seeded credential 10000", listed[^1].GetProperty("distribution_credentials").GetProperty("comment").GetString());

        // The bounds are generous so that a loaded CI machine passes. They catch accidental quadratic work.
        Assert.True(seedTimer.ElapsedMilliseconds < 2000, $"Seeding 10,000 credentials took {seedTimer.ElapsedMilliseconds} ms.");
        Assert.True(listTimer.ElapsedMilliseconds < 5000, $"Listing 10,000 credentials took {listTimer.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public async Task Seed_ListIsChunked()
    {
        await PostControlAsync($"/_emulator/projects/{ProjectId}/seed", "{\"count\":1000}");

        using var response = await GetAsync(CredentialsPath(ProjectId));

        // HttpClient computes Content.Headers.ContentLength from the buffered body, so the
        // Transfer-Encoding header is what shows that the server streamed the list.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
    }

    [Fact]
    public async Task Seed_NullComment_ListsNull()
    {
        await PostControlAsync($"/_emulator/projects/{ProjectId}/seed", "{\"count\":3,\"comment\":null}");

        var listed = await ListAsync();

        Assert.All(listed, item => Assert.Equal(JsonValueKind.Null, item.GetProperty("distribution_credentials").GetProperty("comment").ValueKind));
    }

    [Fact]
    public async Task Seed_GivenComment_UsedForAll()
    {
        await PostControlAsync($"/_emulator/projects/{ProjectId}/seed", "{\"count\":2,\"comment\":\"bulk\"}");

        var listed = await ListAsync();

        Assert.All(listed, item => Assert.Equal("bulk", item.GetProperty("distribution_credentials").GetProperty("comment").GetString()));
    }

    [Fact]
    public async Task Seed_DefaultsToOwnerMember()
    {
        await PostControlAsync($"/_emulator/projects/{ProjectId}/seed", "{\"count\":1}");

        var item = (await ListAsync()).Single();

        Assert.Equal("owner@acme.example", item.GetProperty("member").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Seed_NewMemberEmail_CreatesMember()
    {
        await PostControlAsync($"/_emulator/projects/{ProjectId}/seed", "{\"count\":2,\"memberEmail\":\"ci@acme.example\"}");

        var listed = await ListAsync();
        var memberIds = listed.Select(item => item.GetProperty("member").GetProperty("member_id").GetString()).Distinct();

        Assert.All(listed, item => Assert.Equal("ci@acme.example", item.GetProperty("member").GetProperty("email").GetString()));
        Assert.Single(memberIds);
        Assert.Empty(await ListAsync(Server.MemberKey));
    }

    [Fact]
    public async Task Seed_ScopesAndTags_AreStored()
    {
        await PostControlAsync(
            $"/_emulator/projects/{ProjectId}/seed",
            "{\"count\":1,\"scopes\":[\"onprem:product:api\"],\"tags\":[\"seeded\"]}");

        var inner = (await ListAsync()).Single().GetProperty("distribution_credentials");

        Assert.Equal("onprem:product:api", inner.GetProperty("scopes")[0].GetString());
        Assert.Equal("seeded", inner.GetProperty("tags")[0].GetString());
    }

    [Fact]
    public async Task Seed_AppendsAfterExisting()
    {
        var created = await CreateCredentialAsync("first");

        await PostControlAsync($"/_emulator/projects/{ProjectId}/seed", "{\"count\":2}");
        var listed = await ListAsync();

        Assert.Equal(3, listed.Length);
        Assert.Equal(
            created.GetProperty("distribution_credentials_id").GetGuid(),
            listed[0].GetProperty("distribution_credentials").GetProperty("distribution_credentials_id").GetGuid());
    }

    [Fact]
    public async Task Seed_UnknownProject_Returns404()
    {
        using var response = await Client.PostAsync($"/_emulator/projects/{Guid.NewGuid()}/seed", Json("{\"count\":1}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("{}", "'count' is required.")]
    [InlineData("{\"count\":-1}", "'count' must be between 0 and 100000")]
    [InlineData("{\"count\":100001}", "'count' must be between 0 and 100000")]
    [InlineData("{\"count\":\"10\"}", "'count' must be a whole number")]
    [InlineData("{\"count\":1,\"scopes\":[\"everything\"]}", "Unknown scope 'everything'")]
    [InlineData("{\"count\":1,\"member\":\"x\"}", "Unknown property 'member'")]
    public async Task Seed_InvalidBody_Returns400(string body, string expectedMessage)
    {
        using var response = await Client.PostAsync($"/_emulator/projects/{ProjectId}/seed", Json(body));
        var error = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expectedMessage, error.GetProperty("error").GetString());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
