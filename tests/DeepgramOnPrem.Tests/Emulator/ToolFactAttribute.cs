using Xunit;

namespace DeepgramOnPrem.Tests.Emulator;

/// <summary>Fact that is skipped, with the reason shown, when a command-line tool is not on PATH.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool)
    {
        if (ExternalTools.Find(tool) is null)
        {
            Skip = $"'{tool}' is not on PATH, so this test cannot run it.";
        }
    }
}

public static class ExternalTools
{
    /// <summary>Returns the full path of an executable on PATH (with Windows extensions), or null.</summary>
    public static string? Find(string tool)
    {
        string[] extensions = OperatingSystem.IsWindows() ? [".exe", ".cmd", ".bat"] : [""];
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (string directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string extension in extensions)
            {
                string candidate = Path.Combine(directory, tool + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
