using System.Diagnostics;
using System.Text;
using DeepgramOnPrem.Emulator;

namespace DeepgramOnPrem.Tests.Emulator;

/// <summary>
/// The emulator run as a child process (<c>dotnet DeepgramOnPrem.Emulator.dll</c>) with redirected
/// standard streams. Disposing kills the process if it is still running.
/// </summary>
public sealed class EmulatorProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder standardError = new();
    private readonly Lock standardErrorGate = new();

    private EmulatorProcess(Process process)
    {
        this.process = process;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public StreamWriter StandardInput => process.StandardInput;

    public StreamReader StandardOutput => process.StandardOutput;

    public string StandardError
    {
        get
        {
            lock (standardErrorGate)
            {
                return standardError.ToString();
            }
        }
    }

    public static EmulatorProcess Start(params string[] args)
    {
        string emulatorDll = typeof(EmulatorServer).Assembly.Location;
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(emulatorDll)!,
        };
        startInfo.ArgumentList.Add(emulatorDll);
        foreach (string arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Process.Start returned null for the emulator.");
        var emulator = new EmulatorProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (emulator.standardErrorGate)
                {
                    emulator.standardError.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        return emulator;
    }

    /// <summary>Reads one line of standard output, or fails after <paramref name="timeout"/>.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        string? line = await process.StandardOutput.ReadLineAsync(cancellation.Token);
        return line ?? throw new InvalidOperationException($"The emulator closed standard output without a line. Standard error:\n{StandardError}");
    }

    /// <summary>Waits for the process to exit. Returns false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Sends SIGTERM through the <c>kill</c> command, because .NET has no API to signal another process.</summary>
    public void SendTerminateSignal()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    /// <summary>
    /// Returns the dotnet host that runs the tests: DOTNET_HOST_PATH as the SDK sets it, else the
    /// current process when it is dotnet, else "dotnet" from PATH.
    /// </summary>
    private static string DotnetHost()
    {
        string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return "dotnet";
    }
}
