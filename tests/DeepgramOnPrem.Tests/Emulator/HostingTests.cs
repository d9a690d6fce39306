using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using DeepgramOnPrem.Emulator;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

public sealed partial class HostingTests
{
    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex ApiKeyPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$")]
    private static partial Regex JwtPattern();

    [Fact]
    public async Task Start_BindsLoopbackAddress()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());

        Assert.Equal("http", server.BaseAddress.Scheme);
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.Equal("/", server.BaseAddress.AbsolutePath);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.Equal($"127.0.0.1:{server.BaseAddress.Port}", server.RegistryHost);
    }

    [Fact]
    public async Task Start_KeysLookLikeDeepgramKeys()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());

        Assert.Matches(ApiKeyPattern(), server.OwnerKey);
        Assert.Matches(ApiKeyPattern(), server.MemberKey);
        Assert.Matches(ApiKeyPattern(), server.InvalidKey);
        Assert.Equal(3, new[] { server.OwnerKey, server.MemberKey, server.InvalidKey }.Distinct().Count());
        Assert.Matches(JwtPattern(), server.AccessToken);
    }

    [Fact]
    public async Task Start_SeedsTwoProjects()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());

        Assert.NotEqual(server.SelfHostedProjectId, server.CloudProjectId);
        Assert.Equal("Acme on-prem", server.State.SelfHostedProject.Name);
        Assert.True(server.State.SelfHostedProject.SelfHosted);
        Assert.Equal("Acme cloud", server.State.CloudProject.Name);
        Assert.False(server.State.CloudProject.SelfHosted);
    }

    [Fact]
    public async Task Start_TwiceGivesDifferentKeys()
    {
        await using var first = await EmulatorServer.StartAsync(new EmulatorOptions());
        await using var second = await EmulatorServer.StartAsync(new EmulatorOptions());

        Assert.NotEqual(first.OwnerKey, second.OwnerKey);
        Assert.NotEqual(first.SelfHostedProjectId, second.SelfHostedProjectId);
        Assert.NotEqual(first.BaseAddress.Port, second.BaseAddress.Port);
    }

    [Fact]
    public async Task Start_UsesRequestedPort()
    {
        int port = FindFreePort();

        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = port });

        Assert.Equal(port, server.BaseAddress.Port);
    }

    [Fact]
    public async Task Start_PortInUse_Throws()
    {
        await using var first = await EmulatorServer.StartAsync(new EmulatorOptions());

        await Assert.ThrowsAsync<IOException>(() => EmulatorServer.StartAsync(new EmulatorOptions { Port = first.BaseAddress.Port }));
    }

    [Fact]
    public async Task Start_NegativePort_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => EmulatorServer.StartAsync(new EmulatorOptions { Port = -1 }));
    }

    [Fact]
    public async Task Dispose_StopsListening()
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        var address = server.BaseAddress;

        await server.DisposeAsync();

        using var client = new HttpClient { BaseAddress = address };
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/v1/projects"));
    }

    [Fact]
    public async Task Dispose_Twice_DoesNotThrow()
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions());

        await server.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task EveryResponse_HasNewRequestId()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var unauthorized = await client.GetAsync("/v1/projects");
        using var notFound = await client.GetAsync("/no/such/route");
        using var control = await client.GetAsync("/_emulator/config");

        string[] ids = [RequestId(unauthorized), RequestId(notFound), RequestId(control)];
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _), $"'{id}' is not a GUID."));
        Assert.Equal(3, ids.Distinct().Count());
    }

    private static string RequestId(HttpResponseMessage response) => response.Headers.GetValues("dg-request-id").Single();

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
