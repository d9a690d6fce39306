using DeepgramOnPrem.Registry;
using Xunit;

namespace DeepgramOnPrem.Tests.Registry;

public sealed class RegistryAddressTests
{
    public static TheoryData<string, bool> Loopback => new()
    {
        { "localhost", true },
        { "LOCALHOST:5000", true },
        { "localhost:5000/team", true },
        { "127.0.0.1", true },
        { "127.0.0.1:5000", true },
        { "127.255.3.4:443/deepgram", true },
        { "[::1]:5000", true },
        { "::1", true },
        { "[::1]", true },
        { "quay.io", false },
        { "quay.io:443", false },
        { "128.0.0.1:5000", false },
        { "10.0.0.1", false },
        { "127.1", false },
        { "2130706433", false },
        { "127.0.0.256", false },
        { "127.0.0.1.example.com", false },
        { "localhost.example.com", false },
        { "[::2]:5000", false },
        { "[fe80::1]", false },
    };

    [Theory]
    [MemberData(nameof(Loopback))]
    public void IsLoopback_MatchesTable(string registry, bool expected)
    {
        Assert.Equal(expected, RegistryAddress.IsLoopback(registry));
    }

    [Theory]
    [InlineData("quay.io", "quay.io")]
    [InlineData("https://quay.io/", "quay.io")]
    [InlineData("HTTP://127.0.0.1:5000", "127.0.0.1:5000")]
    [InlineData("  quay.io/deepgram  ", "quay.io/deepgram")]
    public void Normalize_StripsSchemeAndSlash(string registry, string expected)
    {
        Assert.Equal(expected, RegistryAddress.Normalize(registry));
    }

    [Theory]
    [InlineData("QUAY.IO", "quay.io")]
    [InlineData("LOCALHOST:5000", "localhost:5000")]
    [InlineData("https://Registry.Example.COM:443/", "registry.example.com:443")]
    [InlineData("Quay.io/DeepgramTeam", "quay.io/DeepgramTeam")]
    [InlineData("[FE80::1]:5000", "[FE80::1]:5000")]
    [InlineData("FE80::1", "FE80::1")]
    [InlineData("[::1]:5000/Team", "[::1]:5000/Team")]
    public void Normalize_LowerCasesHostName(string registry, string expected)
    {
        Assert.Equal(expected, RegistryAddress.Normalize(registry));
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://")]
    [InlineData("--password=x")]
    [InlineData("quay.io --debug")]
    [InlineData("quay.io\nevil")]
    public void Normalize_RejectsInvalid(string registry)
    {
        Assert.Throws<ArgumentException>(() => RegistryAddress.Normalize(registry));
    }

    [Theory]
    [InlineData("quay.io", "quay.io")]
    [InlineData("127.0.0.1:5000/team", "127.0.0.1")]
    [InlineData("[::1]:5000", "::1")]
    [InlineData("::1", "::1")]
    public void Host_DropsPortAndPath(string registry, string expected)
    {
        Assert.Equal(expected, RegistryAddress.Host(registry));
    }

    [Theory]
    [InlineData("quay.io/deepgram", "quay.io")]
    [InlineData("127.0.0.1:5000", "127.0.0.1:5000")]
    [InlineData("docker.io", "https://index.docker.io/v1/")]
    public void DockerConfigKey_MatchesDocker(string registry, string expected)
    {
        Assert.Equal(expected, RegistryAddress.DockerConfigKey(registry));
    }
}
