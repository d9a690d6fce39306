using DeepgramOnPrem.Registry;
using Xunit;

namespace DeepgramOnPrem.Tests.Registry;

public sealed class ToolLocatorTests : IDisposable
{
    private readonly ScriptFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    [Fact]
    public void Resolve_MissingPath()
    {
        string missing = Path.Combine(_scripts.Path, "bin", "docker");
        var failure = Assert.Throws<ContainerToolException>(() => ToolLocator.Resolve(ContainerTool.Docker, missing, null));
        Assert.Equal(ToolFailureKind.ToolNotFound, failure.Kind);
        Assert.Contains(missing, failure.Message);
    }

    [Fact]
    public void Resolve_FolderPath()
    {
        var failure = Assert.Throws<ContainerToolException>(() => ToolLocator.Resolve(ContainerTool.Podman, _scripts.Path, null));
        Assert.Contains("is a folder", failure.Message);
    }

    [Fact]
    public void Resolve_ExistingPath()
    {
        string tool = _scripts.Script("docker", "exit 0");
        Assert.Equal(tool, ToolLocator.Resolve(ContainerTool.Docker, tool, null));
    }

    [Fact]
    public void Resolve_SearchesPath()
    {
        string empty = Path.Combine(_scripts.Path, "empty");
        Directory.CreateDirectory(empty);
        string tool = _scripts.Script(OperatingSystem.IsWindows() ? "podman.exe" : "podman", "exit 0");
        string pathVariable = string.Join(Path.PathSeparator, empty, "", _scripts.Path);

        Assert.Equal(tool, ToolLocator.Resolve(ContainerTool.Podman, null, pathVariable));
    }

    [Fact]
    public void Resolve_NotOnPath()
    {
        var failure = Assert.Throws<ContainerToolException>(() => ToolLocator.Resolve(ContainerTool.Docker, null, _scripts.Path));
        Assert.Equal(ToolFailureKind.ToolNotFound, failure.Kind);
        Assert.Contains("-ToolPath", failure.Advice);
    }
}
