using System.Text;
using System.Text.Json;
using DeepgramOnPrem.Registry;
using Xunit;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DeepgramOnPrem.Tests.Registry;

public sealed class ImagePullSecretWriterTests
{
    private const string UserName = "deepgram+6f0f3c52-9a8e-4d47-9b6c-2f4f3e1d8a71";
    private const string Secret = "Q7ZK2M9XW4PL8RT3VN6BY5HC1JD0GF7SA2EU9IO4ZX8CV3BN6MQ1WE5RT0YUABCD";

    private static string Write(bool asJson, string? kubernetesNamespace = "deepgram", string registry = "quay.io") =>
        ImagePullSecretWriter.Write("deepgram-quay", kubernetesNamespace, registry, UserName, Encoding.UTF8.GetBytes(Secret), asJson);

    private static YamlMappingNode ParseYaml(string manifest)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(manifest));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlScalarNode Scalar(YamlMappingNode mapping, params string[] path)
    {
        YamlNode node = mapping;
        foreach (string key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return (YamlScalarNode)node;
    }

    /// <summary>Decodes .dockerconfigjson and returns the auths entry for the registry.</summary>
    private static JsonElement DecodeAuth(string base64, string registry)
    {
        using JsonDocument document = JsonDocument.Parse(Convert.FromBase64String(base64));
        return document.RootElement.GetProperty("auths").GetProperty(registry).Clone();
    }

    [Fact]
    public void Yaml_IsSecretOfDockerConfigType()
    {
        YamlMappingNode root = ParseYaml(Write(asJson: false));
        Assert.Equal("v1", Scalar(root, "apiVersion").Value);
        Assert.Equal("Secret", Scalar(root, "kind").Value);
        Assert.Equal("kubernetes.io/dockerconfigjson", Scalar(root, "type").Value);
    }

    [Fact]
    public void Yaml_HasNameAndNamespace()
    {
        YamlMappingNode root = ParseYaml(Write(asJson: false));
        Assert.Equal("deepgram-quay", Scalar(root, "metadata", "name").Value);
        Assert.Equal("deepgram", Scalar(root, "metadata", "namespace").Value);
    }

    [Fact]
    public void Yaml_DecodesToUserName()
    {
        YamlMappingNode root = ParseYaml(Write(asJson: false));
        JsonElement auth = DecodeAuth(Scalar(root, "data", ".dockerconfigjson").Value!, "quay.io");
        Assert.Equal(UserName, auth.GetProperty("username").GetString());
    }

    [Fact]
    public void Yaml_DecodesToSecret()
    {
        YamlMappingNode root = ParseYaml(Write(asJson: false));
        JsonElement auth = DecodeAuth(Scalar(root, "data", ".dockerconfigjson").Value!, "quay.io");
        Assert.Equal(Secret, auth.GetProperty("password").GetString());
    }

    [Fact]
    public void Yaml_AuthIsUserColonSecret()
    {
        YamlMappingNode root = ParseYaml(Write(asJson: false));
        JsonElement auth = DecodeAuth(Scalar(root, "data", ".dockerconfigjson").Value!, "quay.io");
        Assert.Equal(UserName + ":" + Secret, Encoding.UTF8.GetString(Convert.FromBase64String(auth.GetProperty("auth").GetString()!)));
    }

    [Fact]
    public void Yaml_QuotesBooleanLikeNamespace()
    {
        // YAML 1.1 parsers, kubectl's among them, read a plain "yes" as true.
        YamlMappingNode root = ParseYaml(Write(asJson: false, kubernetesNamespace: "yes"));
        Assert.Equal(ScalarStyle.DoubleQuoted, Scalar(root, "metadata", "namespace").Style);
    }

    [Fact]
    public void Yaml_OmitsMissingNamespace()
    {
        YamlMappingNode root = ParseYaml(Write(asJson: false, kubernetesNamespace: null));
        var metadata = (YamlMappingNode)root.Children[new YamlScalarNode("metadata")];
        Assert.False(metadata.Children.ContainsKey(new YamlScalarNode("namespace")));
    }

    [Fact]
    public void Json_DecodesToUserAndSecret()
    {
        using JsonDocument manifest = JsonDocument.Parse(Write(asJson: true, registry: "127.0.0.1:5000"));
        JsonElement root = manifest.RootElement;
        JsonElement auth = DecodeAuth(root.GetProperty("data").GetProperty(".dockerconfigjson").GetString()!, "127.0.0.1:5000");
        Assert.Equal("kubernetes.io/dockerconfigjson", root.GetProperty("type").GetString());
        Assert.Equal(UserName, auth.GetProperty("username").GetString());
        Assert.Equal(Secret, auth.GetProperty("password").GetString());
    }

    [Fact]
    public void Json_UsesNewlinesOnly()
    {
        Assert.DoesNotContain("\r", Write(asJson: true));
    }

    [Fact]
    public void DockerConfigJson_KeepsPlusUnescaped()
    {
        string json = Encoding.UTF8.GetString(ImagePullSecretWriter.DockerConfigJson("quay.io", UserName, Encoding.UTF8.GetBytes(Secret)));
        Assert.Contains("\"username\":\"" + UserName + "\"", json);
    }

    [Fact]
    public void EncodeData_MatchesManifestValue()
    {
        using JsonDocument manifest = JsonDocument.Parse(Write(asJson: true));
        string data = manifest.RootElement.GetProperty("data").GetProperty(".dockerconfigjson").GetString()!;

        Assert.Equal(data, ImagePullSecretWriter.EncodeData("quay.io", UserName, Encoding.UTF8.GetBytes(Secret)));
    }

    [Fact]
    public void EncodeAuth_MatchesAuthField()
    {
        string auth = ImagePullSecretWriter.EncodeAuth(UserName, Encoding.UTF8.GetBytes(Secret));

        Assert.Equal(UserName + ":" + Secret, Encoding.UTF8.GetString(Convert.FromBase64String(auth)));
        Assert.Equal(auth, DecodeAuth(ImagePullSecretWriter.EncodeData("quay.io", UserName, Encoding.UTF8.GetBytes(Secret)), "quay.io").GetProperty("auth").GetString());
    }

    [Theory]
    [InlineData("Deepgram-Quay", null)]
    [InlineData("deepgram_quay", null)]
    [InlineData("-deepgram", null)]
    [InlineData("deepgram-quay", "team.deepgram")]
    [InlineData("deepgram-quay", "Deepgram")]
    public void Write_RejectsInvalidNames(string name, string? kubernetesNamespace)
    {
        Assert.Throws<ArgumentException>(() =>
            ImagePullSecretWriter.Write(name, kubernetesNamespace, "quay.io", UserName, Encoding.UTF8.GetBytes(Secret), asJson: false));
    }
}
