using DeepgramOnPrem.Registry;
using Xunit;

namespace DeepgramOnPrem.Tests.Registry;

public sealed class KubernetesNamesTests
{
    [Theory]
    [InlineData("deepgram-quay", true)]
    [InlineData("pull.deepgram.example", true)]
    [InlineData("a", true)]
    [InlineData("0", true)]
    [InlineData("", false)]
    [InlineData("Deepgram", false)]
    [InlineData("deepgram_quay", false)]
    [InlineData("-deepgram", false)]
    [InlineData("deepgram-", false)]
    [InlineData("deepgram..quay", false)]
    [InlineData(".deepgram", false)]
    public void IsDnsSubdomain_MatchesTable(string name, bool expected)
    {
        Assert.Equal(expected, KubernetesNames.IsDnsSubdomain(name));
    }

    [Fact]
    public void IsDnsSubdomain_LimitsLength()
    {
        Assert.True(KubernetesNames.IsDnsSubdomain(new string('a', 253)));
        Assert.False(KubernetesNames.IsDnsSubdomain(new string('a', 254)));
    }

    [Theory]
    [InlineData("deepgram", true)]
    [InlineData("team-1", true)]
    [InlineData("yes", true)]
    [InlineData("team.deepgram", false)]
    [InlineData("Team", false)]
    [InlineData("", false)]
    [InlineData("team-", false)]
    public void IsDnsLabel_MatchesTable(string name, bool expected)
    {
        Assert.Equal(expected, KubernetesNames.IsDnsLabel(name));
    }

    [Fact]
    public void IsDnsLabel_LimitsLength()
    {
        Assert.True(KubernetesNames.IsDnsLabel(new string('a', 63)));
        Assert.False(KubernetesNames.IsDnsLabel(new string('a', 64)));
    }
}
