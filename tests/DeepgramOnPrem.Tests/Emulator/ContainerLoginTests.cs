using System.Diagnostics;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace DeepgramOnPrem.Tests.Emulator;

/// <summary>
/// Real <c>docker login</c> and <c>podman login</c> against the emulator's <c>/v2/</c>. Docker
/// treats 127.0.0.0/8 as an insecure registry, so it falls back to plain HTTP on its own, but podman
/// needs <c>--tls-verify=false</c>. Neither needs a running engine to log in.
/// </summary>
public sealed class ContainerLoginTests(EmulatorFixture fixture, ITestOutputHelper output) : EmulatorTestBase(fixture)
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs everywhere, because CI has docker installed. Where docker is missing, it fails with a message saying so.</summary>
    [Fact]
    public async Task DockerLogin_WithSecret_Succeeds()
    {
        string docker = ExternalTools.Find("docker") ?? throw new InvalidOperationException("docker is not on PATH. Install the docker CLI, which can log in without an engine.");
        var created = await CreateCredentialAsync("docker login");
        using var configDirectory = new TemporaryDirectory();

        var result = await RunAsync(
            docker,
            ["login", Server.RegistryHost, "--username", created.GetProperty("username").GetString()!, "--password-stdin"],
            created.GetProperty("secret").GetString()!,
            ("DOCKER_CONFIG", configDirectory.Path));
        string config = await File.ReadAllTextAsync(Path.Combine(configDirectory.Path, "config.json"));

        Assert.True(result.ExitCode == 0, $"docker login exited with {result.ExitCode}: {result.StandardError}");
        Assert.Contains("Login Succeeded", result.StandardOutput);
        Assert.Contains(Server.RegistryHost, JsonDocument.Parse(config).RootElement.GetProperty("auths").EnumerateObject().Select(entry => entry.Name));
    }

    [Fact]
    public async Task DockerLogin_WrongSecret_Fails()
    {
        string docker = ExternalTools.Find("docker") ?? throw new InvalidOperationException("docker is not on PATH. Install the docker CLI, which can log in without an engine.");
        var created = await CreateCredentialAsync("docker login");
        using var configDirectory = new TemporaryDirectory();

        var result = await RunAsync(
            docker,
            ["login", Server.RegistryHost, "--username", created.GetProperty("username").GetString()!, "--password-stdin"],
            new string('X', 64),
            ("DOCKER_CONFIG", configDirectory.Path));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("401", result.StandardError);
    }

    [ToolFact("podman")]
    public async Task PodmanLogin_WithSecret_Succeeds()
    {
        var created = await CreateCredentialAsync("podman login");
        using var authDirectory = new TemporaryDirectory();
        string authFile = Path.Combine(authDirectory.Path, "auth.json");

        var result = await RunAsync(
            ExternalTools.Find("podman")!,
            ["login", "--tls-verify=false", "--authfile", authFile, "--username", created.GetProperty("username").GetString()!, "--password-stdin", Server.RegistryHost],
            created.GetProperty("secret").GetString()!);

        Assert.True(result.ExitCode == 0, $"podman login exited with {result.ExitCode}: {result.StandardError}");
        Assert.Contains("Login Succeeded", result.StandardOutput);
        Assert.True(File.Exists(authFile), "podman login wrote no auth file.");
    }

    [ToolFact("podman")]
    public async Task PodmanLogin_DeletedCredential_Fails()
    {
        var created = await CreateCredentialAsync("podman login");
        var id = created.GetProperty("distribution_credentials_id").GetGuid();
        (await SendAsync(HttpMethod.Delete, CredentialPath(ProjectId, id), OwnerKey)).Dispose();
        using var authDirectory = new TemporaryDirectory();

        var result = await RunAsync(
            ExternalTools.Find("podman")!,
            ["login", "--tls-verify=false", "--authfile", Path.Combine(authDirectory.Path, "auth.json"), "--username", created.GetProperty("username").GetString()!, "--password-stdin", Server.RegistryHost],
            created.GetProperty("secret").GetString()!);

        Assert.NotEqual(0, result.ExitCode);
    }

    /// <summary>Runs a tool with the password written to standard input, without a trailing newline.</summary>
    private async Task<ToolResult> RunAsync(string tool, string[] args, string standardInput, params (string Name, string Value)[] environment)
    {
        var startInfo = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Process.Start returned null for {tool}.");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(tool)} {args[0]} did not finish within {ToolTimeout.TotalSeconds} s.");
        }

        var result = new ToolResult(process.ExitCode, await standardOutput, await standardError);
        output.WriteLine($"{Path.GetFileName(tool)} exited with {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
        return result;
    }

    private sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);

    private sealed class TemporaryDirectory : IDisposable
    {
        public TemporaryDirectory()
        {
            Path = Directory.CreateTempSubdirectory("dg-emulator-login-").FullName;
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
