using System.Text;
using DeepgramOnPrem.Registry;
using Xunit;

namespace DeepgramOnPrem.Tests.Registry;

public sealed class DockerConfigFileTests
{
    private static bool? HasLogin(string json, string registry) =>
        DockerConfigFile.HasLogin(Encoding.UTF8.GetBytes(json), registry);

    [Theory]
    [InlineData("{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"eA==\"}}}", "127.0.0.1:5000", true)]
    [InlineData("{\"auths\":{\"https://quay.io\":{}}}", "quay.io", true)]
    [InlineData("{\"auths\":{\"http://quay.io\":{}}}", "quay.io/deepgram", true)]
    [InlineData("{\"auths\":{\"https://index.docker.io/v1/\":{}}}", "docker.io", true)]
    [InlineData("{\"auths\":{\"quay.io\":{}}}", "127.0.0.1:5000", false)]
    [InlineData("{\"auths\":{\"QUAY.IO\":{}}}", "quay.io", false)]
    [InlineData("{\"auths\":{\"https://LOCALHOST:5000\":{}}}", "localhost:5000", false)]
    [InlineData("{\"auths\":{}}", "quay.io", false)]
    [InlineData("{\"credsStore\":\"pass\"}", "quay.io", false)]
    [InlineData("", "quay.io", false)]
    [InlineData("{\"auths\":", "quay.io", null)]
    [InlineData("[]", "quay.io", null)]
    public void HasLogin_MatchesTable(string json, string registry, bool? expected)
    {
        Assert.Equal(expected, HasLogin(json, registry));
    }

    [Theory]
    [InlineData("{\"auths\":{\"QUAY.IO\":{}}}", "quay.io", "QUAY.IO")]
    [InlineData("{\"auths\":{\"https://LocalHost:5000\":{}}}", "localhost:5000", "https://LocalHost:5000")]
    [InlineData("{\"auths\":{\"quay.io\":{},\"QUAY.IO\":{}}}", "quay.io", null)]
    [InlineData("{\"auths\":{\"quay.io\":{}}}", "quay.io", null)]
    [InlineData("{\"auths\":{\"example.com\":{}}}", "quay.io", null)]
    [InlineData("{not json", "quay.io", null)]
    public void FindLoginInOtherCase_MatchesTable(string json, string registry, string? expected)
    {
        Assert.Equal(expected, DockerConfigFile.FindLoginInOtherCase(Encoding.UTF8.GetBytes(json), registry));
    }

    [Fact]
    public void HasLogin_MissingFileIsFalse()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dgonprem-no-config-" + Guid.NewGuid().ToString("N"));
        Assert.False(DockerConfigFile.HasLogin(folder, "quay.io"));
    }

    [Fact]
    public void Folder_PrefersConfigPath()
    {
        Assert.Equal("/given", DockerConfigFile.Folder("/given", _ => "/from-variable"));
    }

    [Fact]
    public void Folder_FallsBackToVariable()
    {
        Assert.Equal("/from-variable", DockerConfigFile.Folder(null, name => name == "DOCKER_CONFIG" ? "/from-variable" : null));
    }

    [Fact]
    public void Folder_DefaultsToHome()
    {
        string expected = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        Assert.Equal(expected, DockerConfigFile.Folder(null, _ => null));
    }
}
