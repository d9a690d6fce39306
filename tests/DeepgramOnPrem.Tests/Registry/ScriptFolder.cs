using System.Text;

namespace DeepgramOnPrem.Tests.Registry;

/// <summary>A temporary folder of executable /bin/sh scripts that stand in for docker and podman.</summary>
internal sealed class ScriptFolder : IDisposable
{
    public ScriptFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dgonprem-registry-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes an executable script with the given body after a #!/bin/sh line, and returns its path.</summary>
    public string Script(string name, string body, bool executable = true)
    {
        string path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, "#!/bin/sh\n" + body + "\n", new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            if (executable)
            {
                mode |= UnixFileMode.UserExecute;
            }

            System.IO.File.SetUnixFileMode(path, mode);
        }

        return path;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
