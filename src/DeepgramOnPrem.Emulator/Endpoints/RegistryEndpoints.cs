using System.Security.Cryptography;
using System.Text;
using DeepgramOnPrem.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace DeepgramOnPrem.Emulator.Endpoints;

/// <summary>
/// The version check of the container registry API (<c>GET</c> and <c>HEAD /v2/</c>), which
/// <c>docker login</c> and <c>podman login</c> call to test a user name and password. It accepts
/// Basic authentication with <c>deepgram+&lt;id&gt;</c> and the secret of an existing credential.
/// </summary>
internal sealed class RegistryEndpoints(EmulatorState state)
{
    public const string ApiVersionHeader = "Docker-Distribution-API-Version";
    public const string ApiVersion = "registry/2.0";
    public const string Realm = "DeepgramOnPrem emulator";
    public const string UserNamePrefix = "deepgram+";

    private static readonly byte[] SuccessBody = "{}"u8.ToArray();

    private static readonly byte[] UnauthorizedBody =
        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}"u8.ToArray();

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/v2/", [HttpMethods.Get, HttpMethods.Head], VersionCheckAsync);
    }

    private Task VersionCheckAsync(HttpContext context)
    {
        context.Response.Headers[ApiVersionHeader] = ApiVersion;
        bool authorized = Authenticate(PresentedCredentials.Read(context.Request));
        if (!authorized)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = $"Basic realm=\"{Realm}\"";
        }

        byte[] body = authorized ? SuccessBody : UnauthorizedBody;
        context.Response.StatusCode = authorized ? 200 : 401;
        context.Response.ContentType = JsonOutput.ContentType;
        context.Response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private bool Authenticate(PresentedCredentials presented)
    {
        if (!presented.TryDecodeBasic(out string userName, out string password)
            || !userName.StartsWith(UserNamePrefix, StringComparison.Ordinal)
            || !Guid.TryParse(userName.AsSpan(UserNamePrefix.Length), out var credentialId))
        {
            return false;
        }

        var credential = state.Credentials.Find(credentialId);
        return credential is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(credential.Secret));
    }
}
