using DeepgramOnPrem.Api;
using Xunit;

namespace DeepgramOnPrem.Tests.Api;

public class EnvironmentProxyTests
{
    private static Func<string, string?> Variables(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value);
        return name => map.TryGetValue(name, out string? value) ? value : null;
    }

    [Fact]
    public void NoVariables_GivesNoProxy()
    {
        Assert.Null(EnvironmentProxy.FromEnvironment(Variables()));
    }

    [Fact]
    public void HttpsProxy_AppliesToHttpsOnly()
    {
        EnvironmentProxy proxy = EnvironmentProxy.FromEnvironment(Variables(("HTTPS_PROXY", "http://proxy.local:3128")))!;

        Assert.Equal(new Uri("http://proxy.local:3128"), proxy.GetProxy(new Uri("https://api.deepgram.com/v1/projects")));
        Assert.True(proxy.IsBypassed(new Uri("http://127.0.0.1:5000/")));
    }

    [Fact]
    public void LowerCaseVariables_AreRead()
    {
        EnvironmentProxy proxy = EnvironmentProxy.FromEnvironment(Variables(("http_proxy", "proxy.local:8080")))!;

        Assert.Equal(new Uri("http://proxy.local:8080"), proxy.GetProxy(new Uri("http://127.0.0.1:5000/")));
    }

    [Fact]
    public void Loopback_IsProxiedUnlessNoProxyNamesIt()
    {
        EnvironmentProxy proxy = EnvironmentProxy.FromEnvironment(Variables(("HTTP_PROXY", "http://127.0.0.1:9")))!;

        Assert.False(proxy.IsBypassed(new Uri("http://127.0.0.1:5000/")));
    }

    [Theory]
    [InlineData("*", "https://api.deepgram.com/", true)]
    [InlineData("deepgram.com", "https://api.deepgram.com/", true)]
    [InlineData(".deepgram.com", "https://api.deepgram.com/", true)]
    [InlineData(".deepgram.com", "https://deepgram.com/", true)]
    [InlineData("deepgram.com", "https://notdeepgram.com/", false)]
    [InlineData("api.deepgram.com:443", "https://api.deepgram.com/", true)]
    [InlineData("api.deepgram.com:8443", "https://api.deepgram.com/", false)]
    [InlineData("example.com, api.deepgram.com", "https://api.deepgram.com/", true)]
    [InlineData("127.0.0.1", "https://127.0.0.1:5001/", true)]
    [InlineData("[::1]", "https://[::1]:5001/", true)]
    public void NoProxy_MatchesHostsSuffixesAndPorts(string noProxy, string destination, bool bypassed)
    {
        EnvironmentProxy proxy = EnvironmentProxy.FromEnvironment(Variables(("HTTPS_PROXY", "http://proxy.local:3128"), ("NO_PROXY", noProxy)))!;

        Assert.Equal(bypassed, proxy.IsBypassed(new Uri(destination)));
    }
}
