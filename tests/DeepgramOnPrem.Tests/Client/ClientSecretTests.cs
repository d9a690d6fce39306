using DeepgramOnPrem.Api;
using DeepgramOnPrem.Emulator;
using Xunit;

namespace DeepgramOnPrem.Tests.Client;

/// <summary>
/// Neither the API key nor a distribution secret may reach an exception message or the client's
/// verbose and debug log, even when a server or proxy echoes them back.
/// </summary>
public sealed class ClientSecretTests : ClientTestBase
{
    public ClientSecretTests(ClientEmulatorFixture fixture)
        : base(fixture)
    {
    }

    /// <summary>Every fault kind, and error bodies that echo the key as a proxy's debug page might.</summary>
    public static TheoryData<string> Faults => new()
    {
        "status-400", "status-401", "status-403", "status-404", "status-409", "status-429", "status-500",
        "status-after-handling", "html502", "malformed-json", "empty-200", "empty-503", "drop", "delay-timeout",
        "echo-json", "echo-current-json", "echo-text", "echo-html", "echo-html-title", "echo-json-string",
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task ExceptionMessage_OmitsKey(string fault)
    {
        var log = new RecordingLog();
        var (client, _) = CreateClient(timeout: TimeSpan.FromMilliseconds(300), log: log);
        FaultStep step = StepFor(fault, Server.OwnerKey);
        AddFault("POST", "/distribution/credentials", step, step, step);

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.CreateCredentialAsync(ProjectId, CreateRequest(), default));

        Assert.DoesNotContain(Server.OwnerKey, ex.Message);
        Assert.DoesNotContain(Server.OwnerKey, ex.ServerMessage ?? string.Empty);
        Assert.DoesNotContain(Server.OwnerKey, ex.ToString());
        Assert.DoesNotContain(Server.OwnerKey, log.AllText);
    }

    [Fact]
    public async Task DebugLog_RedactsCreatedSecret()
    {
        var log = new RecordingLog();
        var (client, _) = CreateClient(log: log);

        var created = await client.CreateCredentialAsync(ProjectId, CreateRequest(), default);

        Assert.NotNull(created.Secret);
        Assert.Contains(log.DebugMessages, message => message.Contains("\"secret\":\"[redacted]\""));
        Assert.DoesNotContain(created.Secret!, log.AllText);
    }

    [Fact]
    public async Task DebugLog_RedactsTruncatedSecret()
    {
        // The malformed-json fault cuts the body off inside the secret's value: "secret":"7Q6VSL
        var log = new RecordingLog();
        var (client, _) = CreateClient(log: log);
        AddFault("POST", "/distribution/credentials", Step(FaultKind.MalformedJson));

        await Assert.ThrowsAsync<DeepgramApiException>(() => client.CreateCredentialAsync(ProjectId, CreateRequest(), default));

        Assert.Contains(log.DebugMessages, message => message.Contains("distribution_credentials_id"));
        Assert.DoesNotContain("7Q6VSL", log.AllText);
    }

    [Fact]
    public async Task VerboseLog_ShowsRequestWithoutKey()
    {
        var log = new RecordingLog();
        var (client, _) = CreateClient(log: log);

        await client.ListProjectsAsync(default);

        string line = Assert.Single(log.VerboseMessages);
        Assert.StartsWith("GET /v1/projects: 200 OK in ", line);
        Assert.Contains(", request id " + RequestLog("GET").Single().RequestId, line);
        Assert.DoesNotContain(Server.OwnerKey, log.AllText);
    }

    private static FaultStep StepFor(string fault, string key)
    {
        string echoed = "Authorization: Token " + key;
        return fault switch
        {
            "status-after-handling" => new FaultStep { Kind = FaultKind.StatusAfterHandling, Status = 500 },
            "html502" => new FaultStep { Kind = FaultKind.Html502 },
            "malformed-json" => new FaultStep { Kind = FaultKind.MalformedJson },
            "empty-200" => new FaultStep { Kind = FaultKind.Empty, Status = 200 },
            "empty-503" => new FaultStep { Kind = FaultKind.Empty, Status = 503 },
            "drop" => new FaultStep { Kind = FaultKind.Drop },
            "delay-timeout" => new FaultStep { Kind = FaultKind.Delay, DelayMs = 5000 },
            "echo-json" => Body(400, "{\"err_code\":\"BAD_REQUEST\",\"err_msg\":\"Bad header '" + echoed + "'\",\"request_id\":\"r1\"}"),
            "echo-current-json" => Body(400, "{\"category\":\"BAD_REQUEST\",\"message\":\"Bad request\",\"details\":\"" + echoed + "\"}"),
            "echo-text" => Body(400, "Rejected request with " + echoed),
            "echo-html" => Body(502, "<html><body><h1>Bad gateway</h1><pre>" + echoed + "</pre></body></html>"),
            "echo-html-title" => Body(502, "<html><head><title>" + echoed + "</title></head></html>"),
            "echo-json-string" => Body(400, "\"" + echoed + "\""),
            _ => new FaultStep { Kind = FaultKind.Status, Status = int.Parse(fault.Substring("status-".Length), System.Globalization.CultureInfo.InvariantCulture) },
        };
    }

    private static FaultStep Body(int status, string body) => new() { Kind = FaultKind.Status, Status = status, Body = body };
}
