using System.Globalization;
using DeepgramOnPrem.Api;
using DeepgramOnPrem.Emulator;
using Xunit;

namespace DeepgramOnPrem.Tests.Client;

/// <summary>
/// Retries against the emulator: which requests are sent again, how often, and how long the client
/// waits, measured between the response to one attempt and the sending of the next.
/// </summary>
public sealed class ClientRetryTests : ClientTestBase
{
    // Backoff alone would wait 5 to 10 ms, so a gap near a header's value proves the header was read.
    private static readonly RetryPolicy ShortBackoff = new(RetryPolicy.DefaultMaxRetries, baseDelay: TimeSpan.FromMilliseconds(10), seed: 2);

    // Scheduling on a loaded machine can add delay, never remove it, so upper bounds are loose.
    private const double Slack = 1500;

    public ClientRetryTests(ClientEmulatorFixture fixture)
        : base(fixture)
    {
    }

    [Fact]
    public async Task RetryAfterMs_IsHonoured()
    {
        AddFault("GET", "/v1/projects", Status(429, ("retry-after-ms", "400")));
        var (client, attempts) = CreateClient(retryPolicy: ShortBackoff);

        await client.ListProjectsAsync(default);

        Assert.Equal(2, attempts.All.Count);
        Assert.InRange(attempts.GapAfterMs(0), 390, 400 + Slack);
    }

    [Fact]
    public async Task RetryAfterSeconds_IsHonoured()
    {
        AddFault("GET", "/v1/projects", Status(503, ("Retry-After", "1")));
        var (client, attempts) = CreateClient(retryPolicy: ShortBackoff);

        await client.ListProjectsAsync(default);

        Assert.Equal(2, attempts.All.Count);
        Assert.InRange(attempts.GapAfterMs(0), 990, 1000 + Slack);
    }

    [Fact]
    public async Task RetryAfterDate_IsHonoured()
    {
        // An HTTP date has whole seconds, so the wait is between one and two seconds.
        var now = DateTimeOffset.UtcNow;
        var at = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(2);
        AddFault("GET", "/v1/projects", Status(429, ("Retry-After", at.ToString("r", CultureInfo.InvariantCulture))));
        var (client, attempts) = CreateClient(retryPolicy: ShortBackoff);

        await client.ListProjectsAsync(default);

        Assert.Equal(2, attempts.All.Count);
        Assert.InRange(attempts.GapAfterMs(0), 900, 2000 + Slack);
    }

    [Fact]
    public async Task RateLimitResetSeconds_IsHonoured()
    {
        AddFault("GET", "/v1/projects", Status(429, ("X-RateLimit-Reset", "1")));
        var (client, attempts) = CreateClient(retryPolicy: ShortBackoff);

        await client.ListProjectsAsync(default);

        Assert.Equal(2, attempts.All.Count);
        Assert.InRange(attempts.GapAfterMs(0), 990, 1000 + Slack);
    }

    [Fact]
    public async Task RateLimitResetUnixTime_IsHonoured()
    {
        long resetAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2;
        AddFault("GET", "/v1/projects", Status(429, ("X-RateLimit-Reset", resetAt.ToString(CultureInfo.InvariantCulture))));
        var (client, attempts) = CreateClient(retryPolicy: ShortBackoff);

        await client.ListProjectsAsync(default);

        Assert.Equal(2, attempts.All.Count);
        Assert.InRange(attempts.GapAfterMs(0), 900, 2000 + Slack);
    }

    [Fact]
    public async Task RetryAfterMs_WinsOverRetryAfter()
    {
        AddFault("GET", "/v1/projects", Status(429, ("retry-after-ms", "50"), ("Retry-After", "20")));
        var (client, attempts) = CreateClient(retryPolicy: ShortBackoff);

        await client.ListProjectsAsync(default);

        Assert.InRange(attempts.GapAfterMs(0), 45, 50 + Slack);
    }

    [Fact]
    public async Task ServerWait_IsCappedAtMaxDelay()
    {
        var policy = new RetryPolicy(RetryPolicy.DefaultMaxRetries, TimeSpan.FromMilliseconds(10), maxDelay: TimeSpan.FromMilliseconds(200));
        AddFault("GET", "/v1/projects", Status(429, ("Retry-After", "3600")));
        var (client, attempts) = CreateClient(retryPolicy: policy);

        await client.ListProjectsAsync(default);

        Assert.InRange(attempts.GapAfterMs(0), 190, 200 + Slack);
    }

    [Fact]
    public void DefaultPolicy_CapsWaitAtThirtySeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new DeepgramClientOptions("key-for-test").RetryPolicy.MaxDelay);
    }

    [Fact]
    public async Task Backoff_DoublesWithoutHeader()
    {
        var policy = new RetryPolicy(RetryPolicy.DefaultMaxRetries, TimeSpan.FromMilliseconds(200), seed: 3);
        AddFault("GET", "/v1/projects", Status(503), Status(503));
        var (client, attempts) = CreateClient(retryPolicy: policy);

        await client.ListProjectsAsync(default);

        // Jitter keeps each wait between half and all of 200 ms, then of 400 ms.
        Assert.InRange(attempts.GapAfterMs(0), 95, 200 + Slack);
        Assert.InRange(attempts.GapAfterMs(1), 195, 400 + Slack);
    }

    [Fact]
    public async Task Retries_StopAtDefaultMaximum()
    {
        AddFault("GET", "/v1/projects", Status(503), Status(503), Status(503), Status(503), Status(503));
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListProjectsAsync(default));

        Assert.Equal(RetryPolicy.DefaultMaxRetries + 1, RequestLog("GET").Count);
        Assert.Equal(RetryPolicy.DefaultMaxRetries + 1, ex.Attempts);
    }

    [Fact]
    public async Task Create_IsNotRetriedAfterServerError()
    {
        AddFault("POST", "/distribution/credentials", new FaultStep { Kind = FaultKind.StatusAfterHandling, Status = 500 });
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.CreateCredentialAsync(ProjectId, CreateRequest("lost 500"), default));

        Assert.Single(RequestLog("POST"));
        Assert.Single(Server.State.Credentials.List(ProjectId, null));
        Assert.Equal(DeepgramErrorKind.ServerError, ex.Kind);
        Assert.True(ex.CreateOutcomeUnknown);
    }

    [Fact]
    public async Task Create_IsNotRetriedAfterDrop()
    {
        AddFault("POST", "/distribution/credentials", Step(FaultKind.Drop), Step(FaultKind.Drop));
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.CreateCredentialAsync(ProjectId, CreateRequest(), default));

        Assert.Single(RequestLog("POST"));
        Assert.Equal(DeepgramErrorKind.Network, ex.Kind);
        Assert.True(ex.CreateOutcomeUnknown);
    }

    [Fact]
    public async Task Create_IsNotRetriedAfterLostResponse()
    {
        AddFault("POST", "/distribution/credentials", Step(FaultKind.DropAfterHandling), Step(FaultKind.DropAfterHandling));
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.CreateCredentialAsync(ProjectId, CreateRequest("lost response"), default));

        Assert.Single(RequestLog("POST"));
        Assert.Equal(0, RequestLog("POST").Single().Status);
        Assert.Equal("lost response", Assert.Single(Server.State.Credentials.List(ProjectId, null)).Comment);
        Assert.Equal(DeepgramErrorKind.Network, ex.Kind);
        Assert.True(ex.CreateOutcomeUnknown);
    }

    [Fact]
    public async Task Read_IsRetriedAfterBodyCutOff()
    {
        AddFault("GET", "/v1/projects", Step(FaultKind.DropMidBody));
        var (client, attempts) = CreateClient(retryPolicy: ShortBackoff);

        IReadOnlyList<ProjectInfo> projects = await client.ListProjectsAsync(default);

        Assert.Equal(2, projects.Count);
        Assert.Equal(2, attempts.All.Count);
    }

    [Fact]
    public async Task Read_FailsWhenEveryBodyIsCutOff()
    {
        AddFault("GET", "/v1/projects", Step(FaultKind.DropMidBody), Step(FaultKind.DropMidBody), Step(FaultKind.DropMidBody));
        var (client, attempts) = CreateClient(retryPolicy: ShortBackoff);

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListProjectsAsync(default));

        // Attempts that failed before or while the body arrived share one count and one maximum.
        Assert.Equal(DeepgramErrorKind.Network, ex.Kind);
        Assert.Equal(RetryPolicy.DefaultMaxRetries + 1, attempts.All.Count);
    }

    [Fact]
    public async Task Create_IsNotRetriedAfterBodyCutOff()
    {
        AddFault("POST", "/distribution/credentials", Step(FaultKind.DropMidBody), Step(FaultKind.DropMidBody));
        var (client, _) = CreateClient(retryPolicy: ShortBackoff);

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.CreateCredentialAsync(ProjectId, CreateRequest("cut body"), default));

        Assert.Single(RequestLog("POST"));
        Assert.Equal("cut body", Assert.Single(Server.State.Credentials.List(ProjectId, null)).Comment);
        Assert.True(ex.CreateOutcomeUnknown);
    }

    [Fact]
    public async Task Create_IsNotRetriedAfterTimeout()
    {
        AddFault("POST", "/distribution/credentials", Step(FaultKind.Delay, delayMs: 3000));
        var (client, _) = CreateClient(timeout: TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.CreateCredentialAsync(ProjectId, CreateRequest(), default));

        Assert.Single(RequestLog("POST"));
        Assert.Equal(DeepgramErrorKind.Timeout, ex.Kind);
        Assert.True(ex.CreateOutcomeUnknown);
    }

    [Fact]
    public async Task Create_IsRetriedAfterRateLimit()
    {
        AddFault("POST", "/distribution/credentials", Status(429, ("retry-after-ms", "50")));
        var (client, _) = CreateClient();

        var created = await client.CreateCredentialAsync(ProjectId, CreateRequest(), default);

        Assert.Equal(2, RequestLog("POST").Count);
        var stored = Assert.Single(Server.State.Credentials.List(ProjectId, null));
        Assert.Equal(stored.DistributionCredentialsId, created.DistributionCredentialId);
        Assert.NotNull(created.Secret);
    }

    [Theory]
    [InlineData(RouteFamily.SelfHosted)]
    [InlineData(RouteFamily.OnPrem)]
    public async Task Read_IsRetriedAfterServiceUnavailable(RouteFamily family)
    {
        AddFault("GET", "/distribution/credentials", Status(503));
        var (client, _) = CreateClient(family: family);

        var items = await client.ListCredentialsAsync(ProjectId, default);

        Assert.Empty(items);
        Assert.Equal(new int?[] { 503, 200 }, RequestLog("GET").Select(entry => entry.Status).ToArray());
    }

    [Fact]
    public async Task Read_IsRetriedAfterDrop()
    {
        AddFault("GET", "/v1/projects", Step(FaultKind.Drop));
        var (client, _) = CreateClient();

        var projects = await client.ListProjectsAsync(default);

        Assert.Equal(2, projects.Count);
        Assert.Equal(new int?[] { 0, 200 }, RequestLog("GET").Select(entry => entry.Status).ToArray());
    }

    [Fact]
    public async Task Delete_IsRetriedAfterBadGateway()
    {
        var (client, _) = CreateClient();
        var created = await client.CreateCredentialAsync(ProjectId, CreateRequest(), default);
        AddFault("DELETE", "/distribution/credentials/", Step(FaultKind.Html502));

        await client.DeleteCredentialAsync(ProjectId, created.DistributionCredentialId, default);

        Assert.Equal(2, RequestLog("DELETE").Count);
        Assert.Empty(Server.State.Credentials.List(ProjectId, null));
    }

    [Fact]
    public async Task Read_IsNotRetriedAfterClientError()
    {
        AddFault("GET", "/v1/projects", Status(400), Status(400));
        var (client, _) = CreateClient();

        await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListProjectsAsync(default));

        Assert.Single(RequestLog("GET"));
    }

    [Fact]
    public async Task RetryWait_IsLogged()
    {
        var log = new RecordingLog();
        AddFault("GET", "/v1/projects", Status(429, ("retry-after-ms", "60")));
        var (client, _) = CreateClient(log: log);

        await client.ListProjectsAsync(default);

        Assert.Equal(new[] { TimeSpan.FromMilliseconds(60) }, log.RetryWaits);
        Assert.Contains("GET /v1/projects: retry 1 of 2 in 0.06 s", log.VerboseMessages);
    }
}
