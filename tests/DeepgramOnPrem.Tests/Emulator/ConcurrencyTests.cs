using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

public sealed class ConcurrencyTests(EmulatorFixture fixture) : EmulatorTestBase(fixture)
{
    private const int ClientCount = 8;
    private const int RequestsPerClient = 125;

    /// <summary>
    /// Runs 8 clients with their own owner keys in parallel, 1,000 requests in all (creates, lists
    /// and gets), then checks that nothing was lost or mixed up between keys.
    /// </summary>
    [Fact]
    public async Task ParallelClients_KeepStateConsistent()
    {
        var keys = new List<(string Key, string Email)>();
        for (int i = 0; i < ClientCount; i++)
        {
            var created = await PostControlAsync("/_emulator/keys", "{\"role\":\"owner\"}");
            keys.Add((created.GetProperty("key").GetString()!, created.GetProperty("email").GetString()!));
        }

        var createdIds = new ConcurrentDictionary<Guid, string>();
        var secrets = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();

        await Task.WhenAll(keys.Select(client => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = Server.BaseAddress };
            for (int i = 0; i < RequestsPerClient; i++)
            {
                using var request = BuildRequest(i, client.Key, createdIds);
                using var response = await http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{request.Method} {request.RequestUri} returned {(int)response.StatusCode}");
                    continue;
                }

                if (request.Method == HttpMethod.Post)
                {
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    createdIds[body.RootElement.GetProperty("distribution_credentials_id").GetGuid()] = client.Email;
                    secrets.Add(body.RootElement.GetProperty("secret").GetString()!);
                }
            }
        })));

        var listed = await ListAsync();
        var log = await GetRequestLogAsync();
        var listedOwners = listed.ToDictionary(
            item => item.GetProperty("distribution_credentials").GetProperty("distribution_credentials_id").GetGuid(),
            item => item.GetProperty("member").GetProperty("email").GetString()!);

        Assert.Empty(failures);
        Assert.Equal(createdIds.Count, listed.Length);
        Assert.Equal(createdIds.Count, secrets.Distinct().Count());
        Assert.All(createdIds, pair => Assert.Equal(pair.Value, listedOwners[pair.Key]));
        Assert.Equal(ClientCount * RequestsPerClient + 1, log.Length);
        Assert.Equal(ClientCount * RequestsPerClient + 1, log.Select(entry => entry.GetProperty("requestId").GetString()).Distinct().Count());
        Assert.All(keys, client => Assert.Equal(RequestsPerClient, log.Count(entry => entry.GetProperty("key").GetString() == client.Key)));
    }

    /// <summary>Builds the request for one step. Every third request creates, and the others list or get a credential created earlier.</summary>
    private HttpRequestMessage BuildRequest(int index, string key, ConcurrentDictionary<Guid, string> createdIds)
    {
        HttpRequestMessage request;
        if (index % 3 == 0)
        {
            request = new HttpRequestMessage(HttpMethod.Post, CredentialsPath(ProjectId))
            {
                Content = new StringContent(CreateBody($"parallel {index}"), System.Text.Encoding.UTF8, "application/json"),
            };
        }
        else if (index % 3 == 1 || createdIds.IsEmpty)
        {
            request = new HttpRequestMessage(HttpMethod.Get, CredentialsPath(ProjectId, index % 2 == 0 ? "self-hosted" : "onprem"));
        }
        else
        {
            request = new HttpRequestMessage(HttpMethod.Get, CredentialPath(ProjectId, createdIds.Keys.First()));
        }

        request.Headers.TryAddWithoutValidation("Authorization", $"Token {key}");
        return request;
    }
}
