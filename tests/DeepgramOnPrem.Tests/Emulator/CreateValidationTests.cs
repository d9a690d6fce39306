using System.Net;
using System.Text;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

public sealed class CreateValidationTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    public static TheoryData<string, string> InvalidBodies => new()
    {
        { "", "EOF while parsing a value" },
        { "comment=x&provider=quay", "expected value at line 1 column 1" },
        { "{\"comment\":\"x\",", "Failed to parse the request body as JSON" },
        { "[]", "invalid type: sequence, expected struct" },
        { "{}", "missing field `provider`" },
        { "{\"comment\":\"x\"}", "missing field `provider`" },
        { "{\"comment\":\"x\",\"scopes\":[\"self-hosted:products\"]}", "missing field `provider`" },
        { "{\"comment\":\"x\",\"provider\":\"quay\"}", "missing field `scopes`" },
        { "{\"scopes\":[\"self-hosted:products\"],\"provider\":\"quay\"}", "missing field `comment`" },
        { "{\"comment\":\"x\",\"scopes\":[\"self-hosted:products\"],\"provider\":\"docker\"}", "unknown variant `docker`, expected `quay`" },
        { "{\"comment\":\"x\",\"scopes\":[\"self-hosted:products\"],\"provider\":\"Quay\"}", "unknown variant `Quay`" },
        { "{\"comment\":\"x\",\"scopes\":[],\"provider\":\"quay\"}", "scopes must contain at least one scope" },
        { "{\"comment\":\"x\",\"scopes\":[\"self-hosted:product:nope\"],\"provider\":\"quay\"}", "unknown variant `self-hosted:product:nope`" },
        { "{\"comment\":\"x\",\"scopes\":[\"selfhosted:products\"],\"provider\":\"quay\"}", "unknown variant `selfhosted:products`" },
        { "{\"comment\":\"x\",\"scopes\":\"self-hosted:products\",\"provider\":\"quay\"}", "invalid type: string \"self-hosted:products\", expected a sequence" },
        { "{\"comment\":\"x\",\"scopes\":[1],\"provider\":\"quay\"}", "invalid type: integer `1`, expected a string" },
        { "{\"comment\":5,\"scopes\":[\"self-hosted:products\"],\"provider\":\"quay\"}", "invalid type: integer `5`, expected a string" },
        { "{\"comment\":null,\"scopes\":[\"self-hosted:products\"],\"provider\":\"quay\"}", "invalid type: null, expected a string" },
        { "{\"comment\":\"x\",\"scopes\":[\"self-hosted:products\"],\"provider\":\"quay\",\"tags\":\"a\"}", "invalid type: string \"a\", expected a sequence" },
        { "{\"comment\":\"x\",\"comment\":\"y\",\"scopes\":[\"self-hosted:products\"],\"provider\":\"quay\"}", "duplicate field `comment`" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Create_InvalidBody_Returns400(string body, string expectedMessage)
    {
        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, body);
        var error = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", error.GetProperty("err_code").GetString());
        Assert.Contains(expectedMessage, error.GetProperty("err_msg").GetString());
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task Create_MissingField_ReportsPosition()
    {
        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, "{\n  \"comment\": \"x\"\n}");
        var error = await ReadJsonAsync(response);

        Assert.EndsWith("missing field `provider` at line 3 column 1", error.GetProperty("err_msg").GetString());
    }

    [Fact]
    public async Task Create_UnknownScope_ListsValidScopes()
    {
        string body = CreateBody(scopes: "[\"onprem:product:nope\"]");

        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, body);
        string message = (await ReadJsonAsync(response)).GetProperty("err_msg").GetString()!;

        Assert.Contains("`onprem:products`", message);
        Assert.Contains("`self-hosted:product:dgtools`", message);
    }

    [Fact]
    public async Task Create_QueryStringForm_Returns400()
    {
        string path = CredentialsPath(ProjectId) + "?provider=quay&scopes=self-hosted:products";

        using var response = await SendAsync(HttpMethod.Post, path, OwnerKey, "{\"comment\":\"query form\"}");
        var error = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("missing field `provider`", error.GetProperty("err_msg").GetString());
    }

    [Fact]
    public async Task Create_NoContentType_IsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, CredentialsPath(ProjectId));
        request.Headers.TryAddWithoutValidation("Authorization", $"Token {OwnerKey}");
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(CreateBody()));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> ValidScopes => new()
    {
        "onprem:products",
        "onprem:product:api",
        "onprem:product:engine",
        "onprem:product:license-proxy",
        "onprem:product:billing",
        "onprem:product:hotpepper",
        "onprem:product:metrics-server",
        "onprem:product:dgtools",
        "self-hosted:products",
        "self-hosted:product:api",
        "self-hosted:product:engine",
        "self-hosted:product:license-proxy",
        "self-hosted:product:billing",
        "self-hosted:product:hotpepper",
        "self-hosted:product:metrics-server",
        "self-hosted:product:dgtools",
    };

    [Theory]
    [MemberData(nameof(ValidScopes))]
    public async Task Create_ValidScope_Returns200(string scope)
    {
        var created = await CreateCredentialAsync(body: CreateBody(scopes: $"[\"{scope}\"]"));

        Assert.Equal(scope, created.GetProperty("scopes").EnumerateArray().Single().GetString());
    }

    [Fact]
    public async Task Create_MixedScopeFamilies_Returns200()
    {
        var created = await CreateCredentialAsync(body: CreateBody(scopes: "[\"onprem:product:api\",\"self-hosted:product:engine\"]"));

        string[] scopes = created.GetProperty("scopes").EnumerateArray().Select(scope => scope.GetString()!).ToArray();
        Assert.Equal(["onprem:product:api", "self-hosted:product:engine"], scopes);
    }

    [Fact]
    public async Task Create_UnknownFields_AreIgnored()
    {
        string body = "{\"comment\":\"x\",\"scopes\":[\"self-hosted:products\"],\"provider\":\"quay\",\"expiration_date\":\"2030-01-01\"}";

        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Create_NullTags_AreOmitted()
    {
        string body = "{\"comment\":\"x\",\"scopes\":[\"self-hosted:products\"],\"provider\":\"quay\",\"tags\":null}";

        var created = await CreateCredentialAsync(body: body);

        Assert.False(created.TryGetProperty("tags", out _));
    }
}
