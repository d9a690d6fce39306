using System.Diagnostics;
using System.Text;
using DeepgramOnPrem.Registry;
using Xunit;

namespace DeepgramOnPrem.Tests.Registry;

public sealed class CommandLineTests
{
    /// <summary>An argument and its quoted form under the Microsoft C runtime rules.</summary>
    public static TheoryData<string, string> Quoting => new()
    {
        { "login", "login" },
        { "deepgram+6f0f3c52-9a8e-4d47-9b6c-2f4f3e1d8a71", "deepgram+6f0f3c52-9a8e-4d47-9b6c-2f4f3e1d8a71" },
        { "", "\"\"" },
        { "two words", "\"two words\"" },
        { "tab\there", "\"tab\there\"" },
        { "say \"hi\"", "\"say \\\"hi\\\"\"" },
        { "C:\\Program Files\\Docker\\", "\"C:\\Program Files\\Docker\\\\\"" },
        { "a\\\"b", "\"a\\\\\\\"b\"" },
        { "back\\slash", "back\\slash" },
        { "trailing\\", "trailing\\" },
        { "ü and €", "\"ü and €\"" },
    };

    [Theory]
    [MemberData(nameof(Quoting))]
    public void Quote_FollowsRuntimeRules(string argument, string expected)
    {
        Assert.Equal(expected, CommandLine.Quote(argument));
    }

    [Fact]
    public void Join_SeparatesWithSpaces()
    {
        Assert.Equal("login quay.io --username \"a b\"", CommandLine.Join(["login", "quay.io", "--username", "a b"]));
    }

    [Fact]
    public void Quote_RejectsNul()
    {
        Assert.Throws<ArgumentException>(() => CommandLine.Quote("a\0b"));
    }

    /// <summary>Arguments that a wrong quoting would split, merge or change.</summary>
    public static TheoryData<string[]> RoundTrips => new()
    {
        new[] { "login", "127.0.0.1:5000", "--username", "deepgram+6f0f3c52-9a8e-4d47-9b6c-2f4f3e1d8a71", "--password-stdin" },
        new[] { "", "two words", "say \"hi\"", "end\\", "end\\\\", "mid\\\"quote", "\\\\server\\share\\" },
        new[] { "ü", "tab\tinside", "  leading", "trailing  ", "\"", "\\\"", "'single'" },
        new[] { "/opt/my tools/", "space then slashes\\\\", "quote \\\" mid", "with space\\" },
    };

    /// <summary>Checks the quoting against .NET's own splitting on Linux and macOS.</summary>
    [UnixTheory]
    [MemberData(nameof(RoundTrips))]
    public void Join_RoundTripsThroughProcessStart(string[] arguments)
    {
        // sh -c SCRIPT NAME ARGS...: the script prints each argument followed by a NUL.
        string[] all = ["-c", "printf '%s\\0' \"$@\"", "sh", .. arguments];
        var info = new ProcessStartInfo("/bin/sh", CommandLine.Join(all))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        using Process process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        string[] received = output.Split('\0')[..^1];
        Assert.Equal(arguments, received);
    }
}
