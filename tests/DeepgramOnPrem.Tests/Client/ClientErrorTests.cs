using System.Net;
using System.Net.Sockets;
using DeepgramOnPrem.Api;
using DeepgramOnPrem.Emulator;
using Xunit;

namespace DeepgramOnPrem.Tests.Client;

/// <summary>
/// Each row of the error table, produced by the emulator and read through
/// <see cref="DeepgramClient"/>: the exception's kind, status, Deepgram code and request id.
/// </summary>
public sealed class ClientErrorTests : ClientTestBase
{
    public ClientErrorTests(ClientEmulatorFixture fixture)
        : base(fixture)
    {
    }

    private string LastRequestId(string method) => RequestLog(method).Last().RequestId;

    [Theory]
    [InlineData(RouteFamily.SelfHosted)]
    [InlineData(RouteFamily.OnPrem)]
    public async Task BadRequest_IsInvalidRequest(RouteFamily family)
    {
        var (client, _) = CreateClient(family: family);
        var request = new CreateCredentialRequest("bad scope", new[] { "self-hosted:product:bogus" }, "quay", null);

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.CreateCredentialAsync(ProjectId, request, default));

        Assert.Equal(DeepgramErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("BAD_REQUEST", ex.ErrorCode);
        Assert.Equal(LastRequestId("POST"), ex.RequestId);
        Assert.StartsWith("POST " + CredentialsPath(family) + " returned 400", ex.Message);
        Assert.False(ex.CreateOutcomeUnknown);
    }

    [Theory]
    [InlineData(RouteFamily.SelfHosted)]
    [InlineData(RouteFamily.OnPrem)]
    public async Task UnknownKey_IsAuthentication(RouteFamily family)
    {
        var (client, _) = CreateClient(key: Server.InvalidKey, family: family);

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListCredentialsAsync(ProjectId, default));

        Assert.Equal(DeepgramErrorKind.Authentication, ex.Kind);
        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("INVALID_AUTH", ex.ErrorCode);
        Assert.Equal(LastRequestId("GET"), ex.RequestId);
        Assert.Single(RequestLog("GET"));
    }

    [Fact]
    public async Task AccessToken_IsSentAsBearerAndRejected()
    {
        var (client, _) = CreateClient(key: Server.AccessToken);

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListProjectsAsync(default));

        Assert.Equal(DeepgramErrorKind.Authentication, ex.Kind);
        Assert.Equal("Bearer", RequestLog("GET").Single().Scheme);
        Assert.Contains("Access tokens", ex.ServerMessage);
    }

    [Theory]
    [InlineData(RouteFamily.SelfHosted)]
    [InlineData(RouteFamily.OnPrem)]
    public async Task MemberCreate_IsPermissionDenied(RouteFamily family)
    {
        var (client, _) = CreateClient(key: Server.MemberKey, family: family);

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.CreateCredentialAsync(ProjectId, CreateRequest(), default));

        Assert.Equal(DeepgramErrorKind.PermissionDenied, ex.Kind);
        Assert.Equal(403, ex.StatusCode);
        Assert.Equal("INSUFFICIENT_PERMISSIONS", ex.ErrorCode);
        Assert.Equal(LastRequestId("POST"), ex.RequestId);
    }

    [Theory]
    [InlineData(RouteFamily.SelfHosted)]
    [InlineData(RouteFamily.OnPrem)]
    public async Task UnknownCredential_IsNotFound(RouteFamily family)
    {
        var (client, _) = CreateClient(family: family);

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.GetCredentialAsync(ProjectId, Guid.NewGuid(), default));

        Assert.Equal(DeepgramErrorKind.NotFound, ex.Kind);
        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("NOT_FOUND", ex.ErrorCode);
        Assert.Equal(LastRequestId("GET"), ex.RequestId);
        Assert.Contains(family == RouteFamily.OnPrem ? "/onprem/" : "/self-hosted/", RequestLog("GET").Single().Path);
    }

    [Fact]
    public async Task Conflict_IsConflict()
    {
        AddFault("DELETE", "/distribution/credentials/", Status(409));
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.DeleteCredentialAsync(ProjectId, Guid.NewGuid(), default));

        Assert.Equal(DeepgramErrorKind.Conflict, ex.Kind);
        Assert.Equal(409, ex.StatusCode);
        Assert.Equal("CONFLICT", ex.ErrorCode);
        Assert.Equal(LastRequestId("DELETE"), ex.RequestId);
        Assert.Single(RequestLog("DELETE"));
    }

    [Theory]
    [InlineData(RouteFamily.SelfHosted)]
    [InlineData(RouteFamily.OnPrem)]
    public async Task RateLimitPersisting_IsRateLimited(RouteFamily family)
    {
        var wait = ("retry-after-ms", "1");
        AddFault("GET", "/distribution/credentials", Status(429, wait), Status(429, wait), Status(429, wait));
        var (client, _) = CreateClient(family: family);

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListCredentialsAsync(ProjectId, default));

        Assert.Equal(DeepgramErrorKind.RateLimited, ex.Kind);
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal("TOO_MANY_REQUESTS", ex.ErrorCode);
        Assert.Equal(LastRequestId("GET"), ex.RequestId);
        Assert.Equal(RetryPolicy.DefaultMaxRetries + 1, ex.Attempts);
    }

    [Theory]
    [InlineData(500, "INTERNAL_SERVER_ERROR")]
    [InlineData(503, "SERVICE_UNAVAILABLE")]
    [InlineData(504, "GATEWAY_TIMEOUT")]
    public async Task ServerFailurePersisting_IsServerError(int status, string code)
    {
        AddFault("GET", "/v1/projects", Status(status), Status(status), Status(status));
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListProjectsAsync(default));

        Assert.Equal(DeepgramErrorKind.ServerError, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(LastRequestId("GET"), ex.RequestId);
        Assert.Equal(3, RequestLog("GET").Count);
    }

    [Fact]
    public async Task CurrentErrorShape_ReadsCategory()
    {
        Server.State.Config = EmulatorConfig.Default with { ErrorShape = ErrorShape.Current };
        var (client, _) = CreateClient(key: Server.MemberKey);

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.CreateCredentialAsync(ProjectId, CreateRequest(), default));

        Assert.Equal("INSUFFICIENT_PERMISSIONS", ex.ErrorCode);
        Assert.Equal(LastRequestId("POST"), ex.RequestId);
        Assert.Contains("Use an owner's or admin's API key", ex.Message);
    }

    [Fact]
    public async Task TextErrorShape_TakesRequestIdFromHeader()
    {
        Server.State.Config = EmulatorConfig.Default with { ErrorShape = ErrorShape.Text };
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.GetProjectAsync(Guid.NewGuid(), default));

        Assert.Equal(DeepgramErrorKind.NotFound, ex.Kind);
        Assert.Null(ex.ErrorCode);
        Assert.Equal(LastRequestId("GET"), ex.RequestId);
        Assert.Contains("not found", ex.ServerMessage);
    }

    [Theory]
    [InlineData(RouteFamily.SelfHosted)]
    [InlineData(RouteFamily.OnPrem)]
    public async Task DroppedConnection_IsNetwork(RouteFamily family)
    {
        AddFault("GET", "/distribution/credentials", Step(FaultKind.Drop), Step(FaultKind.Drop), Step(FaultKind.Drop));
        var (client, _) = CreateClient(family: family);

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListCredentialsAsync(ProjectId, default));

        Assert.Equal(DeepgramErrorKind.Network, ex.Kind);
        Assert.Null(ex.StatusCode);
        Assert.Equal(3, ex.Attempts);
        Assert.Equal("GET", ex.Method);
        Assert.Equal(CredentialsPath(family), ex.Path);
    }

    [Fact]
    public async Task RefusedConnection_IsNetwork()
    {
        var (client, attempts) = CreateClient(baseAddress: new Uri("http://127.0.0.1:" + ClosedPort() + "/"));

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListProjectsAsync(default));

        Assert.Equal(DeepgramErrorKind.Network, ex.Kind);
        Assert.Null(ex.StatusCode);
        Assert.Equal(3, attempts.All.Count);
        Assert.Contains("refused", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RefusedCreate_IsRetriedAndOutcomeKnown()
    {
        var (client, attempts) = CreateClient(baseAddress: new Uri("http://127.0.0.1:" + ClosedPort() + "/"));

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.CreateCredentialAsync(ProjectId, CreateRequest(), default));

        Assert.Equal(DeepgramErrorKind.Network, ex.Kind);
        Assert.Equal(3, attempts.All.Count);
        Assert.False(ex.CreateOutcomeUnknown);
    }

    [Theory]
    [InlineData(RouteFamily.SelfHosted)]
    [InlineData(RouteFamily.OnPrem)]
    public async Task MalformedJson_IsInvalidResponse(RouteFamily family)
    {
        AddFault("GET", "/distribution/credentials/", Step(FaultKind.MalformedJson));
        var (client, _) = CreateClient(family: family);

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.GetCredentialAsync(ProjectId, Guid.NewGuid(), default));

        Assert.Equal(DeepgramErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal(LastRequestId("GET"), ex.RequestId);
        Assert.Equal("GET", ex.Method);
        Assert.StartsWith("GET " + CredentialsPath(family) + "/", ex.Message);
    }

    [Fact]
    public async Task MalformedCreate_IsInvalidResponseWithUnknownOutcome()
    {
        AddFault("POST", "/distribution/credentials", Step(FaultKind.MalformedJson));
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.CreateCredentialAsync(ProjectId, CreateRequest(), default));

        Assert.Equal(DeepgramErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(200, ex.StatusCode);
        Assert.True(ex.CreateOutcomeUnknown);
        Assert.Single(RequestLog("POST"));
    }

    [Fact]
    public async Task MalformedList_IsInvalidResponse()
    {
        AddFault("GET", "/distribution/credentials", Step(FaultKind.MalformedJson));
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListCredentialsAsync(ProjectId, default));

        Assert.Equal(DeepgramErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal(LastRequestId("GET"), ex.RequestId);
    }

    [Fact]
    public async Task HtmlGatewayPage_IsServerErrorNamingProxy()
    {
        AddFault("GET", "/v1/projects", Step(FaultKind.Html502), Step(FaultKind.Html502), Step(FaultKind.Html502));
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListProjectsAsync(default));

        Assert.Equal(DeepgramErrorKind.ServerError, ex.Kind);
        Assert.Equal(502, ex.StatusCode);
        Assert.Null(ex.ErrorCode);
        Assert.Equal(LastRequestId("GET"), ex.RequestId);
        Assert.Contains("(502 Bad Gateway)", ex.Message);
        Assert.Contains("proxy", ex.Message);
        Assert.DoesNotContain("<", ex.Message);
    }

    [Fact]
    public async Task EmptyErrorBody_IsServerError()
    {
        AddFault("GET", "/v1/projects", Step(FaultKind.Empty, 503), Step(FaultKind.Empty, 503), Step(FaultKind.Empty, 503));
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListProjectsAsync(default));

        Assert.Equal(DeepgramErrorKind.ServerError, ex.Kind);
        Assert.Equal(503, ex.StatusCode);
        Assert.Null(ex.ErrorCode);
        Assert.Equal(LastRequestId("GET"), ex.RequestId);
        Assert.Null(ex.ServerMessage);
    }

    [Fact]
    public async Task EmptySuccessBody_IsInvalidResponse()
    {
        AddFault("GET", "/v1/projects", Step(FaultKind.Empty, 200));
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListProjectsAsync(default));

        Assert.Equal(DeepgramErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal(LastRequestId("GET"), ex.RequestId);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(418)]
    public async Task OtherStatus_IsUnexpected(int status)
    {
        AddFault("GET", "/v1/projects", Status(status));
        var (client, _) = CreateClient();

        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => client.ListProjectsAsync(default));

        Assert.Equal(DeepgramErrorKind.Unexpected, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(LastRequestId("GET"), ex.RequestId);
        Assert.Single(RequestLog("GET"));
    }

    [Fact]
    public async Task EmptyDeleteBody_Succeeds()
    {
        var (client, _) = CreateClient();
        var created = await client.CreateCredentialAsync(ProjectId, CreateRequest(), default);
        AddFault("DELETE", "/distribution/credentials/", Step(FaultKind.Empty, 200));

        string? message = await client.DeleteCredentialAsync(ProjectId, created.DistributionCredentialId, default);

        Assert.Null(message);
    }

    private static int ClosedPort()
    {
        // A port that was just bound and released has no listener, so a connection is refused.
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        int port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
