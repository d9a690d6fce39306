using System.Text;
using DeepgramOnPrem.Registry;
using Xunit;

namespace DeepgramOnPrem.Tests.Registry;

/// <summary>ContainerToolClient against /bin/sh scripts that print what docker and podman print.</summary>
public sealed class ContainerToolClientTests : IDisposable
{
    private const string UserName = "deepgram+6f0f3c52-9a8e-4d47-9b6c-2f4f3e1d8a71";
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("Q7ZK2M9XW4PL8RT3VN6BY5HC1JD0GF7SA2EU9IO4ZX8CV3BN6MQ1WE5RT0YUABCD");

    private readonly ScriptFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    private static ContainerToolClient Client(ContainerTool tool, string path, string? configPath = null) =>
        new(tool, path, configPath, TimeSpan.FromSeconds(30), _ => null);

    [Fact]
    public void LoginArguments_Docker()
    {
        IReadOnlyList<string> arguments = Client(ContainerTool.Docker, "/usr/bin/docker").LoginArguments("127.0.0.1:5000", UserName);
        Assert.Equal(["login", "127.0.0.1:5000", "--username", UserName, "--password-stdin"], arguments);
    }

    [Fact]
    public void LoginArguments_PodmanLoopback()
    {
        IReadOnlyList<string> arguments = Client(ContainerTool.Podman, "/usr/bin/podman").LoginArguments("localhost:5000", UserName);
        Assert.Equal(["login", "localhost:5000", "--username", UserName, "--password-stdin", "--tls-verify=false"], arguments);
    }

    [Fact]
    public void LoginArguments_PodmanRemote()
    {
        IReadOnlyList<string> arguments = Client(ContainerTool.Podman, "/usr/bin/podman").LoginArguments("quay.io", UserName);
        Assert.DoesNotContain("--tls-verify=false", arguments);
    }

    [Fact]
    public void Describe_ShowsConfigVariable()
    {
        ContainerToolClient client = Client(ContainerTool.Podman, "/usr/bin/podman", "/tmp/my auth.json");
        Assert.Equal(
            "REGISTRY_AUTH_FILE=\"/tmp/my auth.json\" /usr/bin/podman logout quay.io",
            client.Describe(client.LogoutArguments("quay.io")));
    }

    [UnixFact]
    public async Task LoginAsync_ReturnsNotices()
    {
        string tool = _scripts.Script("docker", "cat > /dev/null; echo 'Login Succeeded'; echo 'WARNING! Your credentials are stored unencrypted in x.' >&2");

        LoginOutcome outcome = await Client(ContainerTool.Docker, tool).LoginAsync("quay.io", UserName, Secret, CancellationToken.None);

        Assert.Equal(2, outcome.Notices.Count);
        Assert.True(outcome.Notices[1].IsWarning);
    }

    [UnixFact]
    public async Task LoginAsync_ClassifiesStoreFailure()
    {
        string tool = _scripts.Script("docker", "cat > /dev/null; echo 'Error saving credentials: error storing credentials - err: exit status 1, out: `pass not initialized`' >&2; exit 1");

        var failure = await Assert.ThrowsAsync<ContainerToolException>(() => Client(ContainerTool.Docker, tool).LoginAsync("quay.io", UserName, Secret, CancellationToken.None));

        Assert.Equal(ToolFailureKind.CredentialStoreFailed, failure.Kind);
        Assert.Equal(1, failure.ExitCode);
        Assert.Contains("pass init", failure.Advice);
    }

    [UnixFact]
    public async Task LoginAsync_MessageOmitsSecret()
    {
        string tool = _scripts.Script("docker", "printf 'unauthorized: bad password ' >&2; cat >&2; exit 1");

        var failure = await Assert.ThrowsAsync<ContainerToolException>(() => Client(ContainerTool.Docker, tool).LoginAsync("quay.io", UserName, Secret, CancellationToken.None));

        Assert.Equal(ToolFailureKind.CredentialRejected, failure.Kind);
        Assert.DoesNotContain(Encoding.UTF8.GetString(Secret), failure.Message);
        Assert.DoesNotContain(Encoding.UTF8.GetString(Secret), failure.ToolOutput);
    }

    [UnixTheory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\u00A0")]
    public async Task LoginAsync_RejectsBlankUserName(string userName)
    {
        string recorded = _scripts.File("arguments.txt");
        string tool = _scripts.Script("docker", "echo \"$@\" > '" + recorded + "'");

        await Assert.ThrowsAsync<ArgumentException>(() => Client(ContainerTool.Docker, tool).LoginAsync("quay.io", userName, Secret, CancellationToken.None));

        Assert.False(File.Exists(recorded), "docker ran with a blank user name.");
    }

    [UnixFact]
    public async Task LoginAsync_ReportsTimeout()
    {
        string tool = _scripts.Script("docker", "sleep 300");
        var client = new ContainerToolClient(ContainerTool.Docker, tool, null, TimeSpan.FromSeconds(1), _ => null);

        var failure = await Assert.ThrowsAsync<ContainerToolException>(() => client.LoginAsync("quay.io", UserName, Secret, CancellationToken.None));

        Assert.Equal(ToolFailureKind.TimedOut, failure.Kind);
    }

    [UnixFact]
    public async Task LoginAsync_ReportsStartFailure()
    {
        string tool = _scripts.Script("docker", "exit 0", executable: false);

        var failure = await Assert.ThrowsAsync<ContainerToolException>(() => Client(ContainerTool.Docker, tool).LoginAsync("quay.io", UserName, Secret, CancellationToken.None));

        Assert.Equal(ToolFailureKind.ToolStartFailed, failure.Kind);
    }

    /// <summary>
    /// A fake docker logout that, like Docker CLI 28, prints the same line either way, and
    /// rewrites config.json to <paramref name="after"/> unless it is null.
    /// </summary>
    private async Task<LogoutOutcome> DockerLogoutAsync(string? before, string? after)
    {
        string folder = Path.Combine(_scripts.Path, "docker-config");
        Directory.CreateDirectory(folder);
        string config = Path.Combine(folder, "config.json");
        if (before != null)
        {
            File.WriteAllText(config, before);
        }

        string rewrite = after != null ? "printf '%s' '" + after + "' > \"$DOCKER_CONFIG/config.json\"; " : string.Empty;
        string tool = _scripts.Script("docker", rewrite + "echo \"Removing login credentials for $2\"");
        return await Client(ContainerTool.Docker, tool, folder).LogoutAsync("127.0.0.1:5000", CancellationToken.None);
    }

    [UnixFact]
    public async Task LogoutAsync_DockerRemoved()
    {
        LogoutOutcome outcome = await DockerLogoutAsync("{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"eA==\"}}}", "{\"auths\":{}}");

        Assert.Equal(LogoutResult.Removed, outcome.Result);
    }

    [UnixFact]
    public async Task LogoutAsync_DockerNotLoggedIn()
    {
        LogoutOutcome outcome = await DockerLogoutAsync("{\"auths\":{\"quay.io\":{}}}", null);

        Assert.Equal(LogoutResult.NotLoggedIn, outcome.Result);
    }

    [UnixFact]
    public async Task LogoutAsync_DockerLoginInOtherCase()
    {
        // docker logout erases keys case-sensitively, so it leaves this entry in place.
        string config = "{\"auths\":{\"127.0.0.1:5000\":{},\"LOCALHOST:5000\":{}}}";
        string folder = Path.Combine(_scripts.Path, "docker-config");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), config);
        string tool = _scripts.Script("docker", "echo \"Removing login credentials for $2\"");

        LogoutOutcome outcome = await Client(ContainerTool.Docker, tool, folder).LogoutAsync("localhost:5000", CancellationToken.None);

        Assert.Equal(LogoutResult.NotLoggedIn, outcome.Result);
        Assert.Equal("LOCALHOST:5000", outcome.LoginInOtherCase);
    }

    [UnixFact]
    public async Task LogoutAsync_DockerEntryLeftBehind()
    {
        var failure = await Assert.ThrowsAsync<ContainerToolException>(() => DockerLogoutAsync("{\"auths\":{\"127.0.0.1:5000\":{}},\"credsStore\":\"pass\"}", null));

        Assert.Equal(ToolFailureKind.CredentialStoreFailed, failure.Kind);
    }

    [UnixFact]
    public async Task LogoutAsync_DockerUnreadableConfig()
    {
        LogoutOutcome outcome = await DockerLogoutAsync("{not json", null);

        Assert.Equal(LogoutResult.Unknown, outcome.Result);
    }

    [UnixTheory]
    [InlineData("echo 'Removed login credentials for 127.0.0.1:5000'", nameof(LogoutResult.Removed))]
    [InlineData("echo 'Error: not logged into 127.0.0.1:5000' >&2; exit 125", nameof(LogoutResult.NotLoggedIn))]
    public async Task LogoutAsync_Podman(string body, string expected)
    {
        string tool = _scripts.Script("podman", body);

        LogoutOutcome outcome = await Client(ContainerTool.Podman, tool, _scripts.File("auth.json")).LogoutAsync("127.0.0.1:5000", CancellationToken.None);

        Assert.Equal(Enum.Parse<LogoutResult>(expected), outcome.Result);
    }

    [UnixFact]
    public async Task LogoutAsync_PodmanFailure()
    {
        string tool = _scripts.Script("podman", "echo 'Error: get credentials: 1 error occurred: reading JSON file \"/x\": is a directory' >&2; exit 125");

        var failure = await Assert.ThrowsAsync<ContainerToolException>(() => Client(ContainerTool.Podman, tool).LogoutAsync("quay.io", CancellationToken.None));

        Assert.Equal(ToolFailureKind.CredentialStoreFailed, failure.Kind);
    }
}
