using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

/// <summary><c>/v2/</c>, the registry version check that <c>docker login</c> and <c>podman login</c> call.</summary>
public sealed class RegistryTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [Fact]
    public async Task ValidCredential_Returns200()
    {
        var created = await CreateCredentialAsync();

        using var response = await SendVersionCheckAsync(HttpMethod.Get, BasicValue(created));
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", text);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
    }

    [Fact]
    public async Task Head_ValidCredential_Returns200()
    {
        var created = await CreateCredentialAsync();

        using var response = await SendVersionCheckAsync(HttpMethod.Head, BasicValue(created));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
    }

    [Fact]
    public async Task NoHeader_Returns401Challenge()
    {
        using var response = await SendVersionCheckAsync(HttpMethod.Get, basic: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"DeepgramOnPrem emulator\"", response.Headers.WwwAuthenticate.Single().ToString());
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
    }

    [Fact]
    public async Task Head_NoHeader_Returns401()
    {
        using var response = await SendVersionCheckAsync(HttpMethod.Head, basic: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task WrongSecret_Returns401()
    {
        var created = await CreateCredentialAsync();
        string user = created.GetProperty("username").GetString()!;

        using var response = await SendVersionCheckAsync(HttpMethod.Get, Encode($"{user}:{new string('A', 64)}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task OtherCredentialsSecret_Returns401()
    {
        var first = await CreateCredentialAsync("first");
        var second = await CreateCredentialAsync("second");
        string mixed = $"{first.GetProperty("username").GetString()}:{second.GetProperty("secret").GetString()}";

        using var response = await SendVersionCheckAsync(HttpMethod.Get, Encode(mixed));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task DeletedCredential_Returns401()
    {
        var created = await CreateCredentialAsync();
        var id = created.GetProperty("distribution_credentials_id").GetGuid();
        using var before = await SendVersionCheckAsync(HttpMethod.Get, BasicValue(created));

        (await SendAsync(HttpMethod.Delete, CredentialPath(ProjectId, id), OwnerKey)).Dispose();
        using var after = await SendVersionCheckAsync(HttpMethod.Get, BasicValue(created));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm8tY29sb24=")]
    public async Task MalformedBasic_Returns401(string basic)
    {
        using var response = await SendVersionCheckAsync(HttpMethod.Get, basic);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task IdWithoutPrefix_Returns401()
    {
        var created = await CreateCredentialAsync();
        string id = created.GetProperty("distribution_credentials_id").GetString()!;

        using var response = await SendVersionCheckAsync(HttpMethod.Get, Encode($"{id}:{created.GetProperty("secret").GetString()}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ApiKeyAsToken_Returns401()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v2/", OwnerKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PathWithoutSlash_AlsoAnswers()
    {
        var created = await CreateCredentialAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", BasicValue(created));
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendVersionCheckAsync(HttpMethod method, string? basic)
    {
        using var request = new HttpRequestMessage(method, "/v2/");
        if (basic is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Basic {basic}");
        }

        return await Client.SendAsync(request);
    }

    private static string BasicValue(System.Text.Json.JsonElement created) =>
        Encode($"{created.GetProperty("username").GetString()}:{created.GetProperty("secret").GetString()}");

    private static string Encode(string userAndPassword) => Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword));
}
