using DeepgramOnPrem.Registry;
using Xunit;

namespace DeepgramOnPrem.Tests.Registry;

public sealed class ContainerToolTests : IDisposable
{
    private readonly ScriptFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ConfigPathProblem_DockerRejectsFile()
    {
        string file = _folder.File("config.json");
        File.WriteAllText(file, "{}");

        string? problem = ContainerTool.Docker.ConfigPathProblem(file);

        Assert.NotNull(problem);
        Assert.Contains("Docker needs a folder", problem);
        Assert.Contains(_folder.Path, problem);
    }

    [Fact]
    public void ConfigPathProblem_PodmanRejectsFolder()
    {
        string? problem = ContainerTool.Podman.ConfigPathProblem(_folder.Path);

        Assert.NotNull(problem);
        Assert.Contains("Podman needs the path of its auth file", problem);
        Assert.Contains(Path.Combine(_folder.Path, "auth.json"), problem);
    }

    [Theory]
    [InlineData("docker", "folder")]
    [InlineData("docker", "missing")]
    [InlineData("podman", "file")]
    [InlineData("podman", "missing")]
    public void ConfigPathProblem_AcceptsUsablePath(string toolName, string kind)
    {
        ContainerTool tool = ContainerTools.Parse(toolName);
        string path = kind switch
        {
            "folder" => _folder.Path,
            "file" => _folder.File("auth.json"),
            _ => _folder.File("not-created-yet"),
        };
        if (kind == "file")
        {
            File.WriteAllText(path, "{}");
        }

        Assert.Null(tool.ConfigPathProblem(path));
    }
}
