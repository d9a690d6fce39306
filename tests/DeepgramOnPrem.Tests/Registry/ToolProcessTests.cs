using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using DeepgramOnPrem.Registry;
using Xunit;

namespace DeepgramOnPrem.Tests.Registry;

/// <summary>ToolProcess against /bin/sh scripts, so the process tests are skipped on Windows.</summary>
public sealed class ToolProcessTests : IDisposable
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("ÄÖÜ€Q7ZK2M9XW4PL8RT3VN6BY5HC1JD0GF7SA2EU9IO4ZX8CV3BN6MQ1WE5RT0YU");
    private static readonly Dictionary<string, string?> NoEnvironment = new();

    private readonly ScriptFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    private static Task<ToolRunResult> RunAsync(string script, byte[]? input = null, IReadOnlyDictionary<string, string?>? environment = null, double timeoutSeconds = 30, CancellationToken cancellationToken = default) =>
        ToolProcess.RunAsync(script, [], environment ?? NoEnvironment, input, Secret, TimeSpan.FromSeconds(timeoutSeconds), cancellationToken);

    [UnixFact]
    public async Task RunAsync_WritesExactInput()
    {
        string recorded = _scripts.File("stdin.bin");
        string tool = _scripts.Script("record", "cat > '" + recorded + "'");

        await RunAsync(tool, Secret);

        Assert.Equal(Secret, File.ReadAllBytes(recorded));
    }

    [UnixFact]
    public async Task RunAsync_ClosesEmptyInput()
    {
        // cat ends only when standard input is closed, so a missing close would hang until the timeout.
        string tool = _scripts.Script("cat", "cat; echo done");

        ToolRunResult result = await RunAsync(tool, input: null, timeoutSeconds: 10);

        Assert.Equal("done\n", result.StandardOutput);
    }

    [UnixFact]
    public async Task RunAsync_SetsEnvironmentInChildOnly()
    {
        const string name = "DGONPREM_REGISTRY_TEST_VARIABLE";
        string tool = _scripts.Script("env", "printf '%s' \"$" + name + "\"");

        ToolRunResult result = await RunAsync(tool, environment: new Dictionary<string, string?> { [name] = "/tmp/config dir" });

        Assert.Equal("/tmp/config dir", result.StandardOutput);
        Assert.Null(Environment.GetEnvironmentVariable(name));
    }

    [UnixFact]
    public async Task RunAsync_RemovesNullVariable()
    {
        string name = "DGONPREM_REMOVED_" + Guid.NewGuid().ToString("N");
        string tool = _scripts.Script("env", "env");
        Environment.SetEnvironmentVariable(name, "inherited");
        try
        {
            ToolRunResult result = await RunAsync(tool, environment: new Dictionary<string, string?> { [name] = null });

            Assert.DoesNotContain(name + "=", result.StandardOutput);
            Assert.Equal("inherited", Environment.GetEnvironmentVariable(name));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Theory]
    [InlineData(true, new[] { "PATH" })]
    [InlineData(false, new[] { "PATH", "deepgram_api_key", "Deepgram_Api_Key" })]
    public void ApplyEnvironment_RemovesByCase(bool ignoreCase, string[] expected)
    {
        var target = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/bin",
            ["DEEPGRAM_API_KEY"] = "key",
            ["deepgram_api_key"] = "key",
            ["Deepgram_Api_Key"] = "key",
        };

        ToolProcess.ApplyEnvironment(target, new Dictionary<string, string?> { ["DEEPGRAM_API_KEY"] = null }, ignoreCase);

        Assert.Equal(expected.OrderBy(name => name, StringComparer.Ordinal), target.Keys.OrderBy(name => name, StringComparer.Ordinal));
    }

    [Fact]
    public void ApplyEnvironment_SetsValue()
    {
        var target = new Dictionary<string, string?>(StringComparer.Ordinal) { ["DOCKER_CONFIG"] = "/old" };

        ToolProcess.ApplyEnvironment(target, new Dictionary<string, string?> { ["DOCKER_CONFIG"] = "/new" }, ignoreCase: false);

        Assert.Equal("/new", target["DOCKER_CONFIG"]);
    }

    [UnixFact]
    public async Task RunAsync_ReturnsExitCode()
    {
        string tool = _scripts.Script("fail", "echo broken >&2; exit 3");

        ToolRunResult result = await RunAsync(tool);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("broken\n", result.StandardError);
        Assert.False(result.TimedOut);
    }

    [UnixFact]
    public async Task RunAsync_RedactsSecretInOutput()
    {
        string tool = _scripts.Script("echo", "cat >&2; printf ' and ' >&2; printf '%s' 'ÄÖÜ€Q7ZK2M9XW4PL8RT3VN6BY5HC1JD0GF7SA2EU9IO4ZX8CV3BN6MQ1WE5RT0YU'");

        ToolRunResult result = await RunAsync(tool, Secret);

        Assert.Equal("[redacted] and ", result.StandardError);
        Assert.Equal("[redacted]", result.StandardOutput);
    }

    [UnixFact]
    public async Task RunAsync_KillsTreeOnTimeout()
    {
        string pidFile = _scripts.File("sleep.pid");
        string tool = _scripts.Script("hang", "sleep 300 & echo $! > '" + pidFile + "'; wait");
        Stopwatch watch = Stopwatch.StartNew();

        ToolRunResult result = await RunAsync(tool, timeoutSeconds: 1);

        Assert.True(result.TimedOut);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.5, 15);
        int sleepId = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await ExitsWithinAsync(sleepId, TimeSpan.FromSeconds(5)), "The grandchild sleep " + sleepId + " is still running.");
    }

    [UnixFact]
    public async Task RunAsync_KillsTreeOnCancel()
    {
        string pidFile = _scripts.File("cancel.pid");
        string tool = _scripts.Script("hang", "sleep 300 & echo $! > '" + pidFile + "'; wait");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        Stopwatch watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(tool, cancellationToken: cancellation.Token));

        Assert.InRange(watch.Elapsed.TotalSeconds, 0.5, 15);
        int sleepId = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await ExitsWithinAsync(sleepId, TimeSpan.FromSeconds(5)), "The grandchild sleep " + sleepId + " is still running.");
    }

    [UnixFact]
    public async Task RunAsync_ThrowsForNonExecutable()
    {
        string tool = _scripts.Script("plain", "exit 0", executable: false);

        await Assert.ThrowsAsync<Win32Exception>(() => RunAsync(tool));
    }

    [Fact]
    public void Redact_ReplacesEveryOccurrence()
    {
        byte[] secret = Encoding.ASCII.GetBytes("SECRET");
        byte[] redacted = ToolProcess.Redact(Encoding.ASCII.GetBytes("aSECRETbSECRETSECRET"), secret);
        Assert.Equal("a[redacted]b[redacted][redacted]", Encoding.ASCII.GetString(redacted));
    }

    [Fact]
    public void Redact_KeepsPartialMatch()
    {
        byte[] redacted = ToolProcess.Redact(Encoding.ASCII.GetBytes("SECRESECRET!"), Encoding.ASCII.GetBytes("SECRET"));
        Assert.Equal("SECRE[redacted]!", Encoding.ASCII.GetString(redacted));
    }

    private static async Task<bool> ExitsWithinAsync(int processId, TimeSpan limit)
    {
        Stopwatch watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            // A killed child of the killed shell is reparented and reaped, so its /proc entry goes.
            // NOTE: /proc exists on Linux only, so on macOS this check passes without checking.
            if (!Directory.Exists("/proc/" + processId) || IsZombie(processId))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static bool IsZombie(int processId)
    {
        try
        {
            string status = File.ReadAllText("/proc/" + processId + "/stat");
            int close = status.LastIndexOf(')');
            return close > 0 && close + 2 < status.Length && status[close + 2] == 'Z';
        }
        catch (IOException)
        {
            return true;
        }
    }
}
