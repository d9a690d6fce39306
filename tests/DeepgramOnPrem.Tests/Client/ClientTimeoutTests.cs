using System.Diagnostics;
using DeepgramOnPrem.Api;
using DeepgramOnPrem.Emulator;
using Xunit;

namespace DeepgramOnPrem.Tests.Client;

/// <summary>Per-attempt timeouts, and cancellation during a request and during a retry wait.</summary>
public sealed class ClientTimeoutTests : ClientTestBase
{
    public ClientTimeoutTests(ClientEmulatorFixture fixture)
        : base(fixture)
    {
    }

    [Fact]
    public void DefaultTimeout_IsThirtySeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new DeepgramClientOptions("key-for-test").Timeout);
    }

    [Fact]
    public async Task SlowResponse_IsTimeout()
    {
        AddFault("GET", "/v1/projects", Step(FaultKind.Delay, delayMs: 5000));
        var (client, _) = CreateClient(timeout: TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListProjectsAsync(default));

        Assert.Equal(DeepgramErrorKind.Timeout, ex.Kind);
        Assert.Null(ex.StatusCode);
        Assert.Equal("GET /v1/projects timed out after 1.0 s.", ex.Message);
        Assert.InRange(stopwatch.ElapsedMilliseconds, 950, 2500);
        Assert.Single(RequestLog("GET"));
    }

    [Fact]
    public async Task Cancel_DuringRequest_ReturnsAtOnce()
    {
        AddFault("GET", "/v1/projects", Step(FaultKind.Delay, delayMs: 10_000));
        var (client, _) = CreateClient();
        using var cancellation = new CancellationTokenSource();
        var call = client.ListProjectsAsync(cancellation.Token);
        await WaitForRequestInFlightAsync("GET");

        var stopwatch = Stopwatch.StartNew();
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.InRange(stopwatch.ElapsedMilliseconds, 0, 1000);
    }

    [Fact]
    public async Task Cancel_DuringRetryWait_ReturnsAtOnce()
    {
        var log = new RecordingLog();
        AddFault("GET", "/v1/projects", Status(429, ("Retry-After", "30")));
        var (client, _) = CreateClient(log: log);
        using var cancellation = new CancellationTokenSource();
        var call = client.ListProjectsAsync(cancellation.Token);
        while (log.RetryWaits.Count == 0)
        {
            Assert.False(call.IsCompleted, "The call ended before it waited to retry.");
            await Task.Delay(10);
        }

        var stopwatch = Stopwatch.StartNew();
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.InRange(stopwatch.ElapsedMilliseconds, 0, 1000);
        Assert.Equal(TimeSpan.FromSeconds(30), log.RetryWaits.Single());
        Assert.Single(RequestLog("GET"));
    }

    [Fact]
    public async Task Cancel_DuringCreate_IsNotTimeout()
    {
        AddFault("POST", "/distribution/credentials", Step(FaultKind.Delay, delayMs: 10_000));
        var (client, _) = CreateClient();
        using var cancellation = new CancellationTokenSource();
        var call = client.CreateCredentialAsync(ProjectId, CreateRequest(), cancellation.Token);
        await WaitForRequestInFlightAsync("POST");

        cancellation.Cancel();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.IsNotType<DeepgramApiException>(ex);
    }
}
