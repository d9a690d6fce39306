using System.Net;
using DeepgramOnPrem.Emulator.Endpoints;
using DeepgramOnPrem.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepgramOnPrem.Emulator;

/// <summary>
/// Running emulator: a Deepgram-compatible management API plus a registry login endpoint, served
/// by Kestrel on 127.0.0.1 only. Tests host it in-process, and Program runs it as a process.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int disposed;

    private EmulatorServer(WebApplication app, EmulatorState state, Uri baseAddress)
    {
        this.app = app;
        State = state;
        BaseAddress = baseAddress;
    }

    /// <summary>Address of the API, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Registry name for <c>docker login</c>: <c>127.0.0.1:PORT</c>.</summary>
    public string RegistryHost => $"{BaseAddress.Host}:{BaseAddress.Port}";

    public EmulatorState State { get; }

    public string OwnerKey => State.OwnerKey.Key;

    public string MemberKey => State.MemberKey.Key;

    public string InvalidKey => State.InvalidKey;

    public string AccessToken => State.AccessToken;

    public Guid SelfHostedProjectId => State.SelfHostedProject.ProjectId;

    public Guid CloudProjectId => State.CloudProject.ProjectId;

    /// <summary>Starts an emulator with new random keys and project ids, and returns once it is listening.</summary>
    public static Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken ct = default) =>
        StartAsync(options, handleProcessSignals: false, ct);

    /// <summary>
    /// Starts an emulator. With <paramref name="handleProcessSignals"/> the host stops on Ctrl+C and
    /// SIGTERM. Without it, those signals are left to the process that hosts the server.
    /// </summary>
    internal static async Task<EmulatorServer> StartAsync(EmulatorOptions options, bool handleProcessSignals, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);

        var state = new EmulatorState();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });

        builder.Logging.ClearProviders();
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System", LogLevel.Warning);
        options.ConfigureLogging?.Invoke(builder.Logging);

        if (!handleProcessSignals)
        {
            builder.Services.AddSingleton<IHostLifetime, InProcessLifetime>();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        var app = builder.Build();
        ConfigurePipeline(app, state);
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var baseAddress = new UriBuilder(address) { Path = "/" }.Uri;
        return new EmulatorServer(app, state, baseAddress);
    }

    /// <summary>Creates a logger that writes through the providers set by <see cref="EmulatorOptions.ConfigureLogging"/>.</summary>
    internal ILogger CreateLogger(string category) => app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

    /// <summary>Asks the host to stop, which completes <see cref="WaitForShutdownAsync"/>.</summary>
    public void RequestStop() => app.Lifetime.StopApplication();

    /// <summary>Waits until a stop is requested (by <see cref="RequestStop"/> or, in Program, a signal), then stops the server.</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static void ConfigurePipeline(WebApplication app, EmulatorState state)
    {
        var loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
        var requestLogger = loggerFactory.CreateLogger(RequestTracking.LogCategory);
        app.Use(next => new RequestTracking(next, state, requestLogger).InvokeAsync);
        app.Use(next => new FaultInjection(next, state, requestLogger).InvokeAsync);
        app.UseRouting();

        new ProjectEndpoints(state).Map(app);
        new CredentialEndpoints(state).Map(app);
        new RegistryEndpoints(state).Map(app);
        new ControlEndpoints(state, loggerFactory.CreateLogger("DeepgramOnPrem.Emulator.Control")).Map(app);
        app.MapFallback("{*path}", context => RespondNotFoundAsync(context, state));
    }

    /// <summary>Sends 404 for any unmatched path: a control error under <c>/_emulator/</c>, otherwise an API error in the configured shape.</summary>
    private static Task RespondNotFoundAsync(HttpContext context, EmulatorState state)
    {
        string path = context.Request.Path.Value ?? "/";
        if (RequestTracking.IsControlPath(context.Request.Path))
        {
            return ControlEndpoints.WriteErrorAsync(context, 404, $"No control route matches {context.Request.Method} {path}.");
        }

        return ApiErrors.WriteAsync(context, state.Config.ErrorShape, ApiErrors.RouteNotFound(context.Request.Method, path));
    }

    /// <summary>Host lifetime that ignores Ctrl+C and SIGTERM, so an in-process server does not react to the test host's signals.</summary>
    private sealed class InProcessLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
