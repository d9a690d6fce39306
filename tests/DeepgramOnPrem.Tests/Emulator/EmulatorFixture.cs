using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DeepgramOnPrem.Emulator;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

/// <summary>One in-process emulator per test class, so classes can run in parallel.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await EmulatorServer.StartAsync(new EmulatorOptions());
        Client = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// Base for emulator contract tests: resets the class's emulator through the control API before
/// each test, and sends requests over real HTTP.
/// </summary>
public abstract class EmulatorTestBase : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    protected EmulatorTestBase(EmulatorFixture fixture)
    {
        Fixture = fixture;
    }

    protected EmulatorFixture Fixture { get; }

    protected EmulatorServer Server => Fixture.Server;

    protected HttpClient Client => Fixture.Client;

    protected string OwnerKey => Server.OwnerKey;

    protected Guid ProjectId => Server.SelfHostedProjectId;

    public virtual async Task InitializeAsync()
    {
        using var response = await Client.PostAsync("/_emulator/reset", null);
        response.EnsureSuccessStatusCode();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static string CredentialsPath(Guid projectId, string family = "self-hosted") =>
        $"/v1/projects/{projectId}/{family}/distribution/credentials";

    protected static string CredentialPath(Guid projectId, Guid credentialId, string family = "self-hosted") =>
        $"{CredentialsPath(projectId, family)}/{credentialId}";

    /// <summary>Sends a request with <c>Authorization: {scheme} {credential}</c> when a credential is given.</summary>
    protected async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? credential = null, string? json = null, string scheme = "Token")
    {
        using var request = new HttpRequestMessage(method, path);
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, credential);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await Client.SendAsync(request);
    }

    protected Task<HttpResponseMessage> GetAsync(string path, string? key = null) => SendAsync(HttpMethod.Get, path, key ?? OwnerKey);

    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    protected static string CreateBody(string comment = "build agent", string scopes = "[\"self-hosted:product:api\",\"self-hosted:product:engine\"]") =>
        $"{{\"comment\":{JsonSerializer.Serialize(comment)},\"scopes\":{scopes},\"provider\":\"quay\"}}";

    /// <summary>Creates a credential as the owner (or <paramref name="key"/>) and returns the create response body.</summary>
    protected async Task<JsonElement> CreateCredentialAsync(
        string comment = "build agent", string? key = null, string family = "self-hosted", string? body = null)
    {
        using var response = await SendAsync(HttpMethod.Post, CredentialsPath(ProjectId, family), key ?? OwnerKey, body ?? CreateBody(comment));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    protected async Task<JsonElement> PostControlAsync(string path, string json)
    {
        using var response = await Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} returned {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    protected Task AddFaultAsync(string json) => PostControlAsync("/_emulator/faults", json);

    protected Task SetConfigAsync(string json) => PostControlAsync("/_emulator/config", json);

    protected async Task<JsonElement[]> ListAsync(string? key = null, string family = "self-hosted")
    {
        using var response = await GetAsync(CredentialsPath(ProjectId, family), key);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        return body.GetProperty("distribution_credentials").EnumerateArray().ToArray();
    }

    protected async Task<JsonElement[]> GetRequestLogAsync()
    {
        using var response = await Client.GetAsync("/_emulator/requests");
        response.EnsureSuccessStatusCode();
        var body = await ReadJsonAsync(response);
        return body.GetProperty("requests").EnumerateArray().ToArray();
    }

    protected static string RequestIdOf(HttpResponseMessage response) => response.Headers.GetValues("dg-request-id").Single();
}
