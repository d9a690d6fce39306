using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

/// <summary>The emulator as a process: the ready line, standard error logging, and the ways it stops.</summary>
public sealed partial class ProgramTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

    [GeneratedRegex("^http://127\\.0\\.0\\.1:[0-9]+/$")]
    private static partial Regex LoopbackUrlPattern();

    [Fact]
    public async Task ReadyLine_HasDocumentedFields()
    {
        using var emulator = EmulatorProcess.Start("--port", "0");

        string line = await emulator.ReadLineAsync(StartTimeout);
        using var document = JsonDocument.Parse(line);
        var ready = document.RootElement;

        string[] expected = ["event", "url", "ownerKey", "memberKey", "invalidKey", "accessToken", "projects"];
        Assert.Equal(expected, ready.EnumerateObject().Select(property => property.Name).ToArray());
        Assert.Equal("ready", ready.GetProperty("event").GetString());
        Assert.Matches(LoopbackUrlPattern(), ready.GetProperty("url").GetString());
        Assert.Matches("^[0-9a-f]{40}$", ready.GetProperty("ownerKey").GetString());
        Assert.Matches("^[0-9a-f]{40}$", ready.GetProperty("memberKey").GetString());
        Assert.Matches("^[0-9a-f]{40}$", ready.GetProperty("invalidKey").GetString());
        Assert.Equal(3, ready.GetProperty("accessToken").GetString()!.Split('.').Length);
    }

    [Fact]
    public async Task ReadyLine_ListsBothProjects()
    {
        using var emulator = EmulatorProcess.Start();

        var ready = JsonDocument.Parse(await emulator.ReadLineAsync(StartTimeout)).RootElement;
        var projects = ready.GetProperty("projects").EnumerateArray().ToArray();

        Assert.Equal(2, projects.Length);
        Assert.Equal("Acme on-prem", projects[0].GetProperty("name").GetString());
        Assert.True(projects[0].GetProperty("selfHosted").GetBoolean());
        Assert.Equal("Acme cloud", projects[1].GetProperty("name").GetString());
        Assert.False(projects[1].GetProperty("selfHosted").GetBoolean());
        Assert.True(Guid.TryParse(projects[0].GetProperty("projectId").GetString(), out _));
        Assert.True(Guid.TryParse(projects[1].GetProperty("projectId").GetString(), out _));
    }

    [Fact]
    public async Task ReadyLine_IsCompactSingleLine()
    {
        using var emulator = EmulatorProcess.Start();

        string line = await emulator.ReadLineAsync(StartTimeout);

        Assert.StartsWith("{\"event\":\"ready\",\"url\":\"http://127.0.0.1:", line);
        Assert.DoesNotContain(": ", line);
    }

    [Fact]
    public async Task StandardInputClosed_StopsProcess()
    {
        using var emulator = EmulatorProcess.Start();
        await emulator.ReadLineAsync(StartTimeout);

        emulator.StandardInput.Close();

        Assert.True(await emulator.WaitForExitAsync(ExitTimeout), "The emulator kept running after standard input closed.");
        Assert.Equal(0, emulator.ExitCode);
        Assert.Contains("Standard input reached end of file", emulator.StandardError);
    }

    [Fact]
    public async Task StandardOutput_HasOnlyReadyLine()
    {
        using var emulator = EmulatorProcess.Start();
        var ready = JsonDocument.Parse(await emulator.ReadLineAsync(StartTimeout)).RootElement;
        using (var client = new HttpClient { BaseAddress = new Uri(ready.GetProperty("url").GetString()!) })
        {
            (await client.GetAsync("/v1/projects")).Dispose();
            (await client.GetAsync("/no/such/route")).Dispose();
        }

        emulator.StandardInput.Close();
        Assert.True(await emulator.WaitForExitAsync(ExitTimeout), "The emulator kept running after standard input closed.");
        string rest = await emulator.StandardOutput.ReadToEndAsync();

        Assert.Equal("", rest);
    }

    [Fact]
    public async Task StandardError_LogsRequestsWithoutKey()
    {
        using var emulator = EmulatorProcess.Start();
        var ready = JsonDocument.Parse(await emulator.ReadLineAsync(StartTimeout)).RootElement;
        string ownerKey = ready.GetProperty("ownerKey").GetString()!;
        string requestId;
        using (var client = new HttpClient { BaseAddress = new Uri(ready.GetProperty("url").GetString()!) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/projects?secret=query-value");
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", ownerKey);
            using var response = await client.SendAsync(request);
            requestId = response.Headers.GetValues("dg-request-id").Single();
        }

        emulator.StandardInput.Close();
        Assert.True(await emulator.WaitForExitAsync(ExitTimeout), "The emulator kept running after standard input closed.");
        string log = emulator.StandardError;

        Assert.Contains($"GET /v1/projects 200 ", log);
        Assert.Contains($"request-id={requestId}", log);
        Assert.DoesNotContain(ownerKey, log);
        Assert.DoesNotContain("query-value", log);
        Assert.DoesNotContain("Now listening", log);
    }

    [Fact]
    public async Task NoStdinWatch_KeepsRunningUntilTerminated()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGTERM exists only on Unix, and the test sends it with the kill command.
        }

        using var emulator = EmulatorProcess.Start("--no-stdin-watch");
        await emulator.ReadLineAsync(StartTimeout);

        emulator.StandardInput.Close();
        bool exitedWithoutSignal = await emulator.WaitForExitAsync(TimeSpan.FromSeconds(1));
        emulator.SendTerminateSignal();
        bool exitedAfterSignal = await emulator.WaitForExitAsync(ExitTimeout);

        Assert.False(exitedWithoutSignal, "The emulator stopped when standard input closed despite --no-stdin-watch.");
        Assert.True(exitedAfterSignal, "The emulator kept running after SIGTERM.");
        Assert.Equal(0, emulator.ExitCode);
    }

    [Fact]
    public async Task UnknownArgument_ExitsWithUsage()
    {
        using var emulator = EmulatorProcess.Start("--prot", "5000");

        Assert.True(await emulator.WaitForExitAsync(StartTimeout), "The emulator kept running with an unknown argument.");
        string output = await emulator.StandardOutput.ReadToEndAsync();

        Assert.Equal(2, emulator.ExitCode);
        Assert.Equal("", output);
        Assert.Contains("Unknown argument '--prot'", emulator.StandardError);
        Assert.Contains("Usage:", emulator.StandardError);
    }

    [Fact]
    public async Task InvalidPort_ExitsWithError()
    {
        using var emulator = EmulatorProcess.Start("--port", "70000");

        Assert.True(await emulator.WaitForExitAsync(StartTimeout), "The emulator kept running with an invalid port.");

        Assert.Equal(2, emulator.ExitCode);
        Assert.Contains("Invalid --port value '70000'", emulator.StandardError);
    }

    [Fact]
    public async Task PortInUse_ExitsWithError()
    {
        await using var server = await DeepgramOnPrem.Emulator.EmulatorServer.StartAsync(new DeepgramOnPrem.Emulator.EmulatorOptions());
        using var emulator = EmulatorProcess.Start("--port", server.BaseAddress.Port.ToString());

        Assert.True(await emulator.WaitForExitAsync(StartTimeout), "The emulator kept running on a port in use.");
        string output = await emulator.StandardOutput.ReadToEndAsync();

        Assert.Equal(1, emulator.ExitCode);
        Assert.Equal("", output);
        Assert.Contains($"Failed to listen on 127.0.0.1:{server.BaseAddress.Port}", emulator.StandardError);
    }
}
