using Xunit;

namespace DeepgramOnPrem.Tests.Registry;

/// <summary>A fact that runs /bin/sh scripts, so it is skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "This test runs /bin/sh scripts, which Windows does not have.";
        }
    }
}

/// <summary>A theory that runs /bin/sh scripts, so it is skipped on Windows.</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "This test runs /bin/sh scripts, which Windows does not have.";
        }
    }
}
