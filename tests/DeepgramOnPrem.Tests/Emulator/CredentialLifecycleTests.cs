using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

/// <summary>Response shapes of create, list, get and delete in the default configuration.</summary>
public sealed partial class CredentialLifecycleTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [GeneratedRegex("^[A-Z0-9]{64}$")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$")]
    private static partial Regex CreatedPattern();

    [Fact]
    public async Task Create_ReturnsFlatShape()
    {
        var created = await CreateCredentialAsync("build agent 42");

        string[] names = created.EnumerateObject().Select(property => property.Name).ToArray();
        Assert.Equal(["distribution_credentials_id", "provider", "username", "secret", "comment", "scopes", "created"], names);
    }

    [Fact]
    public async Task Create_SecretIs64UpperCaseAlphanumerics()
    {
        var created = await CreateCredentialAsync();

        Assert.Matches(SecretPattern(), created.GetProperty("secret").GetString());
    }

    [Fact]
    public async Task Create_SecretsDiffer()
    {
        var first = await CreateCredentialAsync();
        var second = await CreateCredentialAsync();

        Assert.NotEqual(first.GetProperty("secret").GetString(), second.GetProperty("secret").GetString());
    }

    [Fact]
    public async Task Create_UserNameIsDeepgramPlusId()
    {
        var created = await CreateCredentialAsync();
        var id = created.GetProperty("distribution_credentials_id").GetGuid();

        Assert.Equal($"deepgram+{id}", created.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Create_RawBodyKeepsPlusSign()
    {
        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, CreateBody());
        string text = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"username\":\"deepgram+", text);
    }

    [Fact]
    public async Task Create_CreatedHasSixFractionalDigits()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var created = await CreateCredentialAsync();
        string text = created.GetProperty("created").GetString()!;
        var parsed = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

        Assert.Matches(CreatedPattern(), text);
        Assert.InRange(parsed, before, DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Create_EchoesCommentScopesProvider()
    {
        var created = await CreateCredentialAsync("build agent 42");

        Assert.Equal("build agent 42", created.GetProperty("comment").GetString());
        Assert.Equal("quay", created.GetProperty("provider").GetString());
        Assert.Equal(
            ["self-hosted:product:api", "self-hosted:product:engine"],
            created.GetProperty("scopes").EnumerateArray().Select(scope => scope.GetString()!).ToArray());
    }

    [Fact]
    public async Task Create_WithTags_ReturnsTags()
    {
        string body = "{\"comment\":\"x\",\"scopes\":[\"self-hosted:products\"],\"provider\":\"quay\",\"tags\":[\"ci\",\"eu\"]}";

        var created = await CreateCredentialAsync(body: body);

        Assert.Equal(["ci", "eu"], created.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()!).ToArray());
    }

    [Fact]
    public async Task Create_EmptyTags_AreOmitted()
    {
        string body = "{\"comment\":\"x\",\"scopes\":[\"self-hosted:products\"],\"provider\":\"quay\",\"tags\":[]}";

        var created = await CreateCredentialAsync(body: body);

        Assert.False(created.TryGetProperty("tags", out _));
    }

    [Fact]
    public async Task Create_EmptyComment_StoredAsNull()
    {
        var created = await CreateCredentialAsync("");
        var listed = await ListAsync();

        Assert.Equal(JsonValueKind.Null, created.GetProperty("comment").ValueKind);
        Assert.Equal(JsonValueKind.Null, listed.Single().GetProperty("distribution_credentials").GetProperty("comment").ValueKind);
    }

    [Fact]
    public async Task List_Empty_ReturnsEmptyArray()
    {
        using var response = await GetAsync(CredentialsPath(ProjectId));
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"distribution_credentials\":[]}", text);
    }

    [Fact]
    public async Task List_ItemHasMemberAndCredential()
    {
        var created = await CreateCredentialAsync("listed");

        var item = (await ListAsync()).Single();
        var member = item.GetProperty("member");
        var inner = item.GetProperty("distribution_credentials");

        Assert.True(Guid.TryParse(member.GetProperty("member_id").GetString(), out _));
        Assert.Equal("owner@acme.example", member.GetProperty("email").GetString());
        Assert.Equal(
            ["distribution_credentials_id", "provider", "comment", "scopes", "created"],
            inner.EnumerateObject().Select(property => property.Name).ToArray());
        Assert.Equal(created.GetProperty("distribution_credentials_id").GetGuid(), inner.GetProperty("distribution_credentials_id").GetGuid());
        Assert.Equal(created.GetProperty("created").GetString(), inner.GetProperty("created").GetString());
    }

    [Fact]
    public async Task List_NeverShowsSecret()
    {
        var created = await CreateCredentialAsync();

        using var response = await GetAsync(CredentialsPath(ProjectId));
        string text = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain(created.GetProperty("secret").GetString()!, text);
        Assert.DoesNotContain("\"secret\"", text);
        Assert.DoesNotContain("\"username\"", text);
    }

    [Fact]
    public async Task List_KeepsCreationOrder()
    {
        var ids = new List<Guid>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add((await CreateCredentialAsync($"credential {i}")).GetProperty("distribution_credentials_id").GetGuid());
        }

        var listed = await ListAsync();

        Assert.Equal(ids, listed.Select(item => item.GetProperty("distribution_credentials").GetProperty("distribution_credentials_id").GetGuid()));
    }

    [Fact]
    public async Task List_ShowsTagsWhenPresent()
    {
        await CreateCredentialAsync(body: "{\"comment\":\"x\",\"scopes\":[\"self-hosted:products\"],\"provider\":\"quay\",\"tags\":[\"ci\"]}");

        var inner = (await ListAsync()).Single().GetProperty("distribution_credentials");

        Assert.Equal("ci", inner.GetProperty("tags")[0].GetString());
    }

    [Fact]
    public async Task Get_ReturnsWrappedCredential()
    {
        var created = await CreateCredentialAsync("fetched");
        var id = created.GetProperty("distribution_credentials_id").GetGuid();

        using var response = await GetAsync(CredentialPath(ProjectId, id));
        var body = await ReadJsonAsync(response);

        Assert.Equal(["member", "distribution_credentials"], body.EnumerateObject().Select(property => property.Name).ToArray());
        Assert.Equal("owner@acme.example", body.GetProperty("member").GetProperty("email").GetString());
        Assert.Equal("fetched", body.GetProperty("distribution_credentials").GetProperty("comment").GetString());
        Assert.False(body.GetProperty("distribution_credentials").TryGetProperty("secret", out _));
    }

    [Fact]
    public async Task Delete_ReturnsMessage()
    {
        var id = (await CreateCredentialAsync()).GetProperty("distribution_credentials_id").GetGuid();

        using var response = await SendAsync(HttpMethod.Delete, CredentialPath(ProjectId, id), OwnerKey);
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"message\":\"Distribution credentials deleted.\"}", text);
    }

    [Fact]
    public async Task RoundTrip_CreateListGetDelete()
    {
        var created = await CreateCredentialAsync("round trip");
        var id = created.GetProperty("distribution_credentials_id").GetGuid();

        var listedBefore = await ListAsync();
        using var getBefore = await GetAsync(CredentialPath(ProjectId, id));
        using var delete = await SendAsync(HttpMethod.Delete, CredentialPath(ProjectId, id), OwnerKey);
        using var getAfter = await GetAsync(CredentialPath(ProjectId, id));
        using var deleteAgain = await SendAsync(HttpMethod.Delete, CredentialPath(ProjectId, id), OwnerKey);
        var listedAfter = await ListAsync();

        Assert.Single(listedBefore);
        Assert.Equal(HttpStatusCode.OK, getBefore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, getAfter.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleteAgain.StatusCode);
        Assert.Empty(listedAfter);
    }

    [Fact]
    public async Task Delete_LeavesOthersInOrder()
    {
        var ids = new List<Guid>();
        for (int i = 0; i < 3; i++)
        {
            ids.Add((await CreateCredentialAsync($"credential {i}")).GetProperty("distribution_credentials_id").GetGuid());
        }

        (await SendAsync(HttpMethod.Delete, CredentialPath(ProjectId, ids[1]), OwnerKey)).Dispose();
        var listed = await ListAsync();

        Assert.Equal([ids[0], ids[2]], listed.Select(item => item.GetProperty("distribution_credentials").GetProperty("distribution_credentials_id").GetGuid()));
    }
}
