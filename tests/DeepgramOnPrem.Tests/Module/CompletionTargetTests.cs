using DeepgramOnPrem.Api;
using DeepgramOnPrem.Commands;
using Xunit;

namespace DeepgramOnPrem.Tests.Module;

public class CompletionTargetTests
{
    private static readonly Uri SessionUri = new("https://session.example.com/");

    private static StoredConnection Session(string key = "session-key") =>
        new(SecretConversion.ToSecureString(key), SessionUri, RouteFamily.SelfHosted, new DgConnection());

    private static Func<string, string?> Variables(string? key = null, string? host = null) =>
        name => name switch
        {
            "DEEPGRAM_API_KEY" => key,
            "DEEPGRAM_HOST" => host,
            _ => null,
        };

    [Fact]
    public void NoKeyGivesNoTarget()
    {
        Assert.Null(CompletionTarget.Resolve(null, null, null, Variables()));
    }

    [Fact]
    public void ParameterKeyWinsOverSession()
    {
        CompletionTarget? target = CompletionTarget.Resolve("typed-key", null, Session(), Variables(key: "variable-key"));

        Assert.Equal("typed-key", target?.ApiKey);
    }

    [Fact]
    public void SecureStringParameterKeyIsRead()
    {
        CompletionTarget? target = CompletionTarget.Resolve(SecretConversion.ToSecureString("secure-key"), null, null, Variables());

        Assert.Equal("secure-key", target?.ApiKey);
    }

    [Fact]
    public void SessionKeyWinsOverVariable()
    {
        CompletionTarget? target = CompletionTarget.Resolve(null, null, Session(), Variables(key: "variable-key"));

        Assert.Equal("session-key", target?.ApiKey);
    }

    [Fact]
    public void VariableKeyIsLastResort()
    {
        Assert.Equal("variable-key", CompletionTarget.Resolve(null, null, null, Variables(key: " variable-key "))?.ApiKey);
    }

    [Fact]
    public void SessionAddressWinsOverHostVariable()
    {
        CompletionTarget? target = CompletionTarget.Resolve(null, null, Session(), Variables(host: "host.example.com"));

        Assert.Equal(SessionUri, target?.BaseUri);
    }

    [Fact]
    public void ParameterAddressWinsOverSession()
    {
        CompletionTarget? target = CompletionTarget.Resolve(null, "http://127.0.0.1:5080", Session(), Variables());

        Assert.Equal(new Uri("http://127.0.0.1:5080"), target?.BaseUri);
    }

    [Fact]
    public void BareHostVariableMeansHttps()
    {
        CompletionTarget? target = CompletionTarget.Resolve(null, null, null, Variables(key: "k", host: "api.example.com"));

        Assert.Equal(new Uri("https://api.example.com"), target?.BaseUri);
    }

    [Fact]
    public void DefaultAddressIsDeepgram()
    {
        Assert.Equal(DeepgramClientOptions.DefaultBaseAddress, CompletionTarget.Resolve(null, null, null, Variables(key: "k"))?.BaseUri);
    }

    [Theory]
    [InlineData("http://api.example.com")]
    [InlineData("http://10.0.0.5:8080")]
    [InlineData("ftp://127.0.0.1")]
    public void UnsafeAddressGivesNoTarget(string address)
    {
        Assert.Null(CompletionTarget.Resolve(null, new Uri(address), null, Variables(key: "k")));
    }

    [Fact]
    public void UnsafeSessionAddressGivesNoTarget()
    {
        var session = new StoredConnection(SecretConversion.ToSecureString("k"), new Uri("http://api.example.com"), RouteFamily.SelfHosted, new DgConnection());

        Assert.Null(CompletionTarget.Resolve(null, null, session, Variables()));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://api.example.com")]
    public void SafeAddressIsAllowed(string address)
    {
        Assert.True(CompletionTarget.IsAllowed(new Uri(address)));
    }

    [Fact]
    public void ScopeListHasBothFamilies()
    {
        string[] scopes = ScopeNames.All().ToArray();

        Assert.Equal(16, scopes.Length);
        Assert.Contains("self-hosted:products", scopes);
        Assert.Contains("onprem:products", scopes);
        Assert.Contains("self-hosted:product:metrics-server", scopes);
        Assert.Contains("onprem:product:license-proxy", scopes);
    }

    [Fact]
    public void ProjectMatchesByIdOrName()
    {
        var onPrem = new ProjectInfo(Guid.Parse("07f09d91-924b-4e1f-b833-7c77120ff1c2"), "Acme on-prem", null);
        var cloud = new ProjectInfo(Guid.Parse("3c834949-cea7-416b-b20a-46bcc2180418"), "Acme cloud", null);

        ProjectInfo byName = Assert.Single(CompletionText.FilterProjects(new[] { onPrem, cloud }, "'acme o"));
        ProjectInfo byId = Assert.Single(CompletionText.FilterProjects(new[] { onPrem, cloud }, "3C83"));

        Assert.Same(onPrem, byName);
        Assert.Same(cloud, byId);
    }

    [Fact]
    public void EmptyWordKeepsAllSorted()
    {
        var onPrem = new ProjectInfo(Guid.NewGuid(), "Acme on-prem", null);
        var cloud = new ProjectInfo(Guid.NewGuid(), "Acme cloud", null);

        var all = CompletionText.FilterProjects(new[] { onPrem, cloud }, "").ToList();

        Assert.Equal(new[] { cloud, onPrem }, all);
    }

    [Theory]
    [InlineData("'abc", "'value'")]
    [InlineData("\"abc", "\"value\"")]
    [InlineData("abc", "value")]
    [InlineData("", "value")]
    public void QuoteFollowsTypedWord(string typed, string expected)
    {
        Assert.Equal(expected, CompletionText.Quote("value", typed));
    }
}
