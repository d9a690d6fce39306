using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

public sealed class FaultTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    [Fact]
    public async Task StatusFault_SendsExactResponse()
    {
        await AddFaultAsync("""
            {"method":"POST","steps":[{"kind":"status","status":429,"headers":{"Retry-After":"1"},"body":"slow down","contentType":"text/plain"}]}
            """);

        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, CreateBody());
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("slow down", text);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("dg-request-id"));
    }

    [Fact]
    public async Task StatusFault_SkipsHandler()
    {
        await AddFaultAsync("""{"method":"POST","steps":[{"kind":"status","status":429}]}""");

        (await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, CreateBody())).Dispose();

        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task StatusFaultWithoutBody_SendsErrorShape()
    {
        await AddFaultAsync("""{"steps":[{"kind":"status","status":429}]}""");

        using var response = await GetAsync("/v1/projects");
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("TOO_MANY_REQUESTS", body.GetProperty("err_code").GetString());
        Assert.Equal(RequestIdOf(response), body.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task StatusAfterHandling_CreatesCredential()
    {
        await AddFaultAsync("""{"method":"POST","steps":[{"kind":"status-after-handling","status":500}]}""");

        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, CreateBody("lost secret"));
        var body = await ReadJsonAsync(response);
        var listed = await ListAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("INTERNAL_SERVER_ERROR", body.GetProperty("err_code").GetString());
        Assert.False(body.TryGetProperty("secret", out _));
        Assert.Equal(RequestIdOf(response), body.GetProperty("request_id").GetString());
        Assert.Equal("lost secret", listed.Single().GetProperty("distribution_credentials").GetProperty("comment").GetString());
    }

    [Fact]
    public async Task StatusAfterHandling_ReplacesStreamedList()
    {
        await CreateCredentialAsync();
        await AddFaultAsync("""{"method":"GET","steps":[{"kind":"status-after-handling","status":503}]}""");

        using var response = await GetAsync(CredentialsPath(ProjectId));
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain("distribution_credentials", text);
        Assert.Contains("SERVICE_UNAVAILABLE", text);
    }

    [Fact]
    public async Task StatusAfterHandling_UsesCurrentErrorShape()
    {
        await SetConfigAsync("""{"errorShape":"current"}""");
        await AddFaultAsync("""{"steps":[{"kind":"status-after-handling","status":502}]}""");

        using var response = await GetAsync("/v1/projects");
        var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("BAD_GATEWAY", body.GetProperty("category").GetString());
    }

    [Fact]
    public async Task Html502_SendsProxyPage()
    {
        await AddFaultAsync("""{"steps":[{"kind":"html502"}]}""");

        using var response = await GetAsync("/v1/projects");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<html>", text);
        Assert.Contains("<title>502 Bad Gateway</title>", text);
    }

    [Fact]
    public async Task MalformedJson_FailsToParse()
    {
        await AddFaultAsync("""{"method":"POST","steps":[{"kind":"malformed-json"}]}""");

        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, CreateBody());
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task EmptyFault_SendsEmptyBody()
    {
        await AddFaultAsync("""{"steps":[{"kind":"empty","status":503}]}""");

        using var response = await GetAsync("/v1/projects");
        byte[] body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(body);
    }

    [Fact]
    public async Task EmptyFault_DefaultsTo503()
    {
        await AddFaultAsync("""{"steps":[{"kind":"empty"}]}""");

        using var response = await GetAsync("/v1/projects");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task DropFault_RaisesHttpRequestException()
    {
        await AddFaultAsync("""{"method":"POST","steps":[{"kind":"drop"}]}""");

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, CreateBody()));
        int? status = await WaitForLoggedStatusAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, status);
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task DropFault_LaterRequestsSucceed()
    {
        await AddFaultAsync("""{"steps":[{"kind":"drop"}]}""");
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync("/v1/projects"));

        using var response = await GetAsync("/v1/projects");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DelayFault_AddsLatency()
    {
        await AddFaultAsync("""{"steps":[{"kind":"delay","delayMs":300}]}""");
        var stopwatch = Stopwatch.StartNew();

        using var response = await GetAsync("/v1/projects");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(stopwatch.ElapsedMilliseconds >= 290, $"The response came after {stopwatch.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public async Task DelayMs_AppliesBeforeStatus()
    {
        await AddFaultAsync("""{"steps":[{"kind":"status","status":503,"delayMs":300}]}""");
        var stopwatch = Stopwatch.StartNew();

        using var response = await GetAsync("/v1/projects");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(stopwatch.ElapsedMilliseconds >= 290, $"The response came after {stopwatch.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public async Task Delay_EndsWhenClientDisconnects()
    {
        await AddFaultAsync("""{"steps":[{"kind":"delay","delayMs":60000}]}""");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/projects");
        request.Headers.TryAddWithoutValidation("Authorization", $"Token {OwnerKey}");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.SendAsync(request, cancellation.Token));
        int? status = await WaitForLoggedStatusAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, status);
    }

    [Fact]
    public async Task Steps_AreConsumedInOrder()
    {
        await AddFaultAsync("""{"steps":[{"kind":"status","status":429},{"kind":"empty","status":503}]}""");

        using var first = await GetAsync("/v1/projects");
        using var second = await GetAsync("/v1/projects");
        using var third = await GetAsync("/v1/projects");

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Rule_MatchesMethodOnly()
    {
        await AddFaultAsync("""{"method":"POST","steps":[{"kind":"status","status":429}]}""");

        using var get = await GetAsync(CredentialsPath(ProjectId));
        using var post = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, CreateBody());

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, post.StatusCode);
    }

    [Fact]
    public async Task Rule_MatchesPathFragment()
    {
        await AddFaultAsync("""{"pathContains":"/distribution/","steps":[{"kind":"status","status":500}]}""");

        using var projects = await GetAsync("/v1/projects");
        using var credentials = await GetAsync(CredentialsPath(ProjectId));

        Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, credentials.StatusCode);
    }

    [Fact]
    public async Task FirstMatchingRule_Wins()
    {
        await AddFaultAsync("""{"pathContains":"/projects","steps":[{"kind":"status","status":429}]}""");
        await AddFaultAsync("""{"steps":[{"kind":"status","status":500}]}""");

        using var first = await GetAsync("/v1/projects");
        using var second = await GetAsync("/v1/projects");
        using var third = await GetAsync("/v1/projects");

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Faults_ApplyToRegistryLogin()
    {
        await AddFaultAsync("""{"pathContains":"/v2/","steps":[{"kind":"status","status":503}]}""");

        using var response = await Client.GetAsync("/v2/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Faults_SkipControlRoutes()
    {
        await AddFaultAsync("""{"steps":[{"kind":"drop"}]}""");

        using var config = await Client.GetAsync("/_emulator/config");
        using var faults = await Client.GetAsync("/_emulator/faults");
        var remaining = (await ReadJsonAsync(faults)).GetProperty("rules");

        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
        Assert.Equal(1, remaining.GetArrayLength());
    }

    [Fact]
    public async Task GetFaults_ShowsRemainingSteps()
    {
        await AddFaultAsync("""{"method":"POST","pathContains":"/credentials","steps":[{"kind":"status","status":429,"headers":{"Retry-After":"2"}},{"kind":"drop"}]}""");
        (await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId), OwnerKey, CreateBody())).Dispose();

        using var response = await Client.GetAsync("/_emulator/faults");
        var rule = (await ReadJsonAsync(response)).GetProperty("rules").EnumerateArray().Single();
        var step = rule.GetProperty("steps").EnumerateArray().Single();

        Assert.Equal("POST", rule.GetProperty("method").GetString());
        Assert.Equal("/credentials", rule.GetProperty("pathContains").GetString());
        Assert.Equal("drop", step.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task UsedUpRule_IsRemoved()
    {
        await AddFaultAsync("""{"steps":[{"kind":"status","status":429}]}""");
        (await GetAsync("/v1/projects")).Dispose();

        using var response = await Client.GetAsync("/_emulator/faults");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal("{\"rules\":[]}", text);
    }

    [Fact]
    public async Task DeleteFaults_ClearsRules()
    {
        await AddFaultAsync("""{"steps":[{"kind":"status","status":429}]}""");

        using var delete = await Client.DeleteAsync("/_emulator/faults");
        using var response = await GetAsync("/v1/projects");

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"steps\":[]}", "'steps' must be a non-empty array")]
    [InlineData("{}", "'steps' must be a non-empty array")]
    [InlineData("{\"steps\":[{\"kind\":\"explode\"}]}", "Invalid 'steps[0].kind' 'explode'")]
    [InlineData("{\"steps\":[{}]}", "'steps[0].kind' is required")]
    [InlineData("{\"steps\":[{\"kind\":\"status\"}]}", "'steps[0].status' is required")]
    [InlineData("{\"steps\":[{\"kind\":\"status\",\"status\":99}]}", "must be an HTTP status code")]
    [InlineData("{\"steps\":[{\"kind\":\"delay\",\"delayMs\":-1}]}", "'steps[0].delayMs' must be between 0")]
    [InlineData("{\"steps\":[{\"kind\":\"drop\",\"status\":500}]}", "'steps[0].status' applies only to")]
    [InlineData("{\"steps\":[{\"kind\":\"html502\",\"body\":\"x\"}]}", "apply only to kinds")]
    [InlineData("{\"steps\":[{\"kind\":\"status\",\"status\":429,\"header\":{}}]}", "Unknown property 'header'")]
    [InlineData("{\"steps\":[{\"kind\":\"status\",\"status\":429,\"headers\":{\"Retry-After\":1}}]}", "must be a string")]
    [InlineData("{\"path\":\"/v1\",\"steps\":[{\"kind\":\"drop\"}]}", "Unknown property 'path'")]
    public async Task AddFault_InvalidRule_Returns400(string body, string expectedMessage)
    {
        using var response = await Client.PostAsync("/_emulator/faults", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await ReadJsonAsync(response);
        using var faults = await Client.GetAsync("/_emulator/faults");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expectedMessage, error.GetProperty("error").GetString());
        Assert.Equal("{\"rules\":[]}", await faults.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Reset_ClearsFaults()
    {
        await AddFaultAsync("""{"steps":[{"kind":"status","status":429}]}""");

        await PostControlAsync("/_emulator/reset", "");
        using var response = await GetAsync("/v1/projects");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Polls the request log until its single entry has a status, or the timeout passes.</summary>
    private async Task<int?> WaitForLoggedStatusAsync(TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            var entry = (await GetRequestLogAsync()).Single();
            if (entry.GetProperty("status").ValueKind == JsonValueKind.Number)
            {
                return entry.GetProperty("status").GetInt32();
            }

            await Task.Delay(50);
        }

        return null;
    }
}
