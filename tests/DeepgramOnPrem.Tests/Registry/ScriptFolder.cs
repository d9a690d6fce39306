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
    /// <remarks>
    /// On Linux and macOS, cp writes the script, not this process. A child that another test forks
    /// while this process has the script open for writing inherits that descriptor until it calls
    /// exec, and running the script in that window fails with ETXTBSY ("Text file busy").
    /// </remarks>
    public string Script(string name, string body, bool executable = true)
    {
        string path = System.IO.Path.Combine(Path, name);
        string content = "#!/bin/sh\n" + body + "\n";
        if (OperatingSystem.IsWindows())
        {
            System.IO.File.WriteAllText(path, content, new UTF8Encoding(false));
        }
        else
        {
            string source = System.IO.Path.Combine(Path, name + ".source");
            System.IO.File.WriteAllText(source, content, new UTF8Encoding(false));
            CopyWithCp(source, path);
        }

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

    private static void CopyWithCp(string source, string destination)
    {
        var info = new System.Diagnostics.ProcessStartInfo("/bin/cp") { UseShellExecute = false };
        info.ArgumentList.Add(source);
        info.ArgumentList.Add(destination);
        using var process = System.Diagnostics.Process.Start(info)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new IOException("cp " + source + " " + destination + " failed with exit code " + process.ExitCode + ".");
        }
    }

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
