using DeepgramOnPrem.Registry;
using Xunit;

namespace DeepgramOnPrem.Tests.Registry;

public sealed class ToolOutputTests
{
    /// <summary>
    /// Standard error of failed runs. The rows for 127.0.0.1 and nosuchhost.invalid are Docker CLI
    /// 28 and Podman 4.3 output against a local docker-registry; the quay.io, timeout and
    /// credential helper rows are examples written in the same shapes.
    /// </summary>
    public static TheoryData<string, string> Failures => new()
    {
        // Docker, wrong password, after its https-to-http fallback log line.
        {
            "time=\"2026-12-04T19:53:04Z\" level=info msg=\"Error logging in to endpoint, trying next endpoint\" endpoint=\"{false https://127.0.0.1:5123}\" error=\"Get \\\"https://127.0.0.1:5123/v2/\\\": http: server gave HTTP response to HTTPS client\"\n"
            + "login attempt to http://127.0.0.1:5123/v2/ failed with status: 401 Unauthorized\n",
            nameof(ToolFailureKind.CredentialRejected)
        },
        { "Error response from daemon: Get \"https://quay.io/v2/\": unauthorized: incorrect username or password", nameof(ToolFailureKind.CredentialRejected) },
        { "Error: logging into \"127.0.0.1:5123\": invalid username/password", nameof(ToolFailureKind.CredentialRejected) },
        { "Error: authenticating creds for \"quay.io\": Requesting bearer token: invalid status code from registry 401 (Unauthorized)", nameof(ToolFailureKind.CredentialRejected) },
        { "Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused", nameof(ToolFailureKind.RegistryUnreachable) },
        { "Get \"https://nosuchhost.invalid/v2/\": dial tcp: lookup nosuchhost.invalid on 10.255.255.53:53: no such host", nameof(ToolFailureKind.RegistryUnreachable) },
        { "Error: authenticating creds for \"127.0.0.1:5999\": pinging container registry 127.0.0.1:5999: Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused", nameof(ToolFailureKind.RegistryUnreachable) },
        { "Get \"https://quay.io/v2/\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)", nameof(ToolFailureKind.RegistryUnreachable) },
        { "Get \"https://quay.io/v2/\": dial tcp 3.0.0.1:443: i/o timeout", nameof(ToolFailureKind.RegistryUnreachable) },
        { "Get \"https://quay.io/v2/\": net/http: TLS handshake timeout", nameof(ToolFailureKind.RegistryUnreachable) },
        // A port that contains 401 is not a rejection.
        { "Get \"http://127.0.0.1:4010/v2/\": dial tcp 127.0.0.1:4010: connect: connection refused", nameof(ToolFailureKind.RegistryUnreachable) },
        { "Error saving credentials: error storing credentials - err: exit status 1, out: `pass not initialized: exit status 1: Error: password store is empty. Try \"pass init\".`", nameof(ToolFailureKind.CredentialStoreFailed) },
        { "Error saving credentials: error storing credentials - err: exec: \"docker-credential-desktop\": executable file not found in $PATH, out: ``", nameof(ToolFailureKind.CredentialStoreFailed) },
        { "Error saving credentials: error storing credentials - err: exit status 1, out: `A specified logon session does not exist. It may already have been terminated.`", nameof(ToolFailureKind.CredentialStoreFailed) },
        { "Error saving credentials: mkdir /tmp/regx/afile: not a directory", nameof(ToolFailureKind.CredentialStoreFailed) },
        { "Error: get credentials: 1 error occurred:\n\t* reading JSON file \"/tmp/regx/ro\": read /tmp/regx/ro: is a directory", nameof(ToolFailureKind.CredentialStoreFailed) },
        { "Error: authenticating creds for \"127.0.0.1:5123\": pinging container registry 127.0.0.1:5123: Get \"https://127.0.0.1:5123/v2/\": http: server gave HTTP response to HTTPS client", nameof(ToolFailureKind.Other) },
        { "Error: x509: certificate signed by unknown authority", nameof(ToolFailureKind.Other) },
        { "", nameof(ToolFailureKind.Other) },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Classify_MatchesTable(string standardError, string expected)
    {
        Assert.Equal(Enum.Parse<ToolFailureKind>(expected), ToolOutput.Classify(standardError));
    }

    [Fact]
    public void Classify_IgnoresInfoLogLines()
    {
        // The info line mentions a timeout, but the final error is the rejection.
        string standardError = "time=\"x\" level=info msg=\"Error logging in\" error=\"i/o timeout\"\nlogin attempt failed with status: 401 Unauthorized";
        Assert.Equal(ToolFailureKind.CredentialRejected, ToolOutput.Classify(standardError));
    }

    [Fact]
    public void Summarize_KeepsLastLines()
    {
        string standardError = "one\n\ntwo\nthree\nfour\nfive\nsix\n";
        Assert.Equal("two three four five six", ToolOutput.Summarize(standardError, string.Empty));
    }

    [Fact]
    public void Summarize_FallsBackToOutput()
    {
        Assert.Equal("Not logged in", ToolOutput.Summarize(string.Empty, "Not logged in\n"));
    }

    [Fact]
    public void Summarize_ReportsNoOutput()
    {
        Assert.Equal("(no output)", ToolOutput.Summarize(" \n", string.Empty));
    }

    private const string DockerSuccessError =
        "time=\"2026-12-04T19:53:04Z\" level=info msg=\"Error logging in to endpoint, trying next endpoint\"\n"
        + "\n"
        + "WARNING! Your credentials are stored unencrypted in '/tmp/dc/config.json'.\n"
        + "Configure a credential helper to remove this warning. See\n"
        + "https://docs.docker.com/go/credential-store/\n"
        + "\n";

    [Fact]
    public void Notices_JoinUnencryptedWarning()
    {
        IReadOnlyList<ToolNotice> notices = ToolOutput.Notices("Login Succeeded\n", DockerSuccessError);
        ToolNotice warning = Assert.Single(notices, n => n.IsWarning);
        Assert.Equal(
            "Your credentials are stored unencrypted in '/tmp/dc/config.json'. Configure a credential helper to remove this warning. See https://docs.docker.com/go/credential-store/",
            warning.Text);
    }

    [Fact]
    public void Notices_KeepOtherLinesVerbose()
    {
        IReadOnlyList<ToolNotice> notices = ToolOutput.Notices("Login Succeeded\n", DockerSuccessError);
        string[] verbose = notices.Where(n => !n.IsWarning).Select(n => n.Text).ToArray();
        Assert.Equal(2, verbose.Length);
        Assert.Equal("Login Succeeded", verbose[0]);
        Assert.StartsWith("time=", verbose[1]);
    }

    [Fact]
    public void Notices_WarningAtEndOfOutput()
    {
        IReadOnlyList<ToolNotice> notices = ToolOutput.Notices(string.Empty, "WARNING! Your password will be stored unencrypted in /root/.docker/config.json.");
        Assert.True(Assert.Single(notices).IsWarning);
    }
}
