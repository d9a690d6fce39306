using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http;
using DeepgramOnPrem.Api;
using DeepgramOnPrem.Emulator;
using Xunit;

namespace DeepgramOnPrem.Tests.Client;

/// <summary>One in-process emulator per test class, so classes can run in parallel.</summary>
public sealed class ClientEmulatorFixture : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await EmulatorServer.StartAsync(new EmulatorOptions());
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
    }
}

/// <summary>
/// Base for tests of <see cref="DeepgramClient"/> against the emulator over real HTTP. Each test
/// starts from a reset emulator, and each client records when every attempt was sent and when its response arrived.
/// </summary>
public abstract class ClientTestBase : IClassFixture<ClientEmulatorFixture>, IAsyncLifetime
{
    /// <summary>A retry policy with the default count but short backoff, so tests stay fast.</summary>
    protected static readonly RetryPolicy FastRetries = new(RetryPolicy.DefaultMaxRetries, baseDelay: TimeSpan.FromMilliseconds(10), seed: 1);

    protected ClientTestBase(ClientEmulatorFixture fixture)
    {
        Server = fixture.Server;
    }

    protected EmulatorServer Server { get; }

    protected Guid ProjectId => Server.SelfHostedProjectId;

    public Task InitializeAsync()
    {
        Server.State.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Creates a client for the emulator, with a recorder of every attempt it makes.</summary>
    protected (DeepgramClient Client, AttemptRecorder Attempts) CreateClient(
        string? key = null,
        RouteFamily family = RouteFamily.SelfHosted,
        TimeSpan? timeout = null,
        RetryPolicy? retryPolicy = null,
        IDeepgramLog? log = null,
        Uri? baseAddress = null)
    {
        var options = new DeepgramClientOptions(key ?? Server.OwnerKey)
        {
            BaseAddress = baseAddress ?? Server.BaseAddress,
            RouteFamily = family,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            RetryPolicy = retryPolicy ?? FastRetries,
        };
        var recorder = new AttemptRecorder(new HttpClientHandler { UseProxy = false, AllowAutoRedirect = false });
        var http = new HttpClient(recorder) { Timeout = Timeout.InfiniteTimeSpan };
        return (new DeepgramClient(options, log, http), recorder);
    }

    /// <summary>Adds a fault rule for requests with <paramref name="method"/> whose path contains <paramref name="pathContains"/>.</summary>
    protected void AddFault(string method, string pathContains, params FaultStep[] steps) =>
        Server.State.Faults.Add(new FaultRule(method, pathContains, steps));

    protected static FaultStep Status(int status, params (string Name, string Value)[] headers) => new()
    {
        Kind = FaultKind.Status,
        Status = status,
        Headers = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase),
    };

    protected static FaultStep Step(FaultKind kind, int? status = null, int delayMs = 0) => new()
    {
        Kind = kind,
        Status = status,
        DelayMs = delayMs,
    };

    protected IReadOnlyList<RequestLogEntry> RequestLog(string method) =>
        Server.State.Requests.Snapshot().Where(entry => entry.Method == method).ToArray();

    protected static CreateCredentialRequest CreateRequest(string comment = "client test") =>
        new(comment, new[] { "self-hosted:products" }, "quay", null);

    protected string CredentialsPath(RouteFamily family = RouteFamily.SelfHosted) =>
        $"/v1/projects/{ProjectId}/{(family == RouteFamily.OnPrem ? "onprem" : "self-hosted")}/distribution/credentials";

    /// <summary>Waits until the emulator has received a request that it has not responded to yet.</summary>
    protected async Task WaitForRequestInFlightAsync(string method)
    {
        var deadline = Stopwatch.StartNew();
        while (!Server.State.Requests.Snapshot().Any(entry => entry.Method == method && entry.Status is null))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "No " + method + " request reached the emulator within 10 s.");
            await Task.Delay(10);
        }
    }
}

/// <summary>One HTTP attempt as the client's handler saw it, in milliseconds since the recorder started.</summary>
public sealed record Attempt(string Method, string Path, double SentMs, double ResponseMs, int? Status);

/// <summary>A handler that records when each attempt was sent and when its response arrived.</summary>
public sealed class AttemptRecorder : DelegatingHandler
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Attempt> _attempts = new();

    public AttemptRecorder(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public IReadOnlyList<Attempt> All => _attempts.ToArray();

    /// <summary>Time between the response to attempt <paramref name="index"/> and the sending of the next one.</summary>
    public double GapAfterMs(int index)
    {
        var attempts = All;
        return attempts[index + 1].SentMs - attempts[index].ResponseMs;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        double sent = _clock.Elapsed.TotalMilliseconds;
        int? status = null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            return response;
        }
        finally
        {
            _attempts.Enqueue(new Attempt(request.Method.Method, request.RequestUri!.AbsolutePath, sent, _clock.Elapsed.TotalMilliseconds, status));
        }
    }
}

/// <summary>A client log that keeps every message and retry wait.</summary>
public sealed class RecordingLog : IDeepgramLog
{
    private readonly ConcurrentQueue<string> _verbose = new();
    private readonly ConcurrentQueue<string> _debug = new();
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public IReadOnlyList<string> VerboseMessages => _verbose.ToArray();

    public IReadOnlyList<string> DebugMessages => _debug.ToArray();

    public IReadOnlyList<TimeSpan> RetryWaits => _waits.ToArray();

    public string AllText => string.Join("\n", _verbose.Concat(_debug));

    public void Verbose(string message) => _verbose.Enqueue(message);

    public void Debug(string message) => _debug.Enqueue(message);

    public void RetryWait(string activity, TimeSpan delay, int retry, int maxRetries) => _waits.Enqueue(delay);
}
