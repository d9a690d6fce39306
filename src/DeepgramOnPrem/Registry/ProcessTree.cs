using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace DeepgramOnPrem.Registry
{
    /// <summary>Kills a process and the processes it started, such as a tool's credential helper.</summary>
    internal static class ProcessTree
    {
        // Process.Kill(bool entireProcessTree) exists on .NET Core 3.0 and later, not in netstandard2.0.
        private static readonly MethodInfo? KillTree = typeof(Process).GetMethod("Kill", new[] { typeof(bool) });

        /// <summary>Kills the tree, ignoring a process that already exited.</summary>
        public static void Kill(Process process)
        {
            try
            {
                if (process.HasExited)
                {
                    return;
                }

                if (KillTree != null)
                {
                    KillTree.Invoke(process, new object[] { true });
                    return;
                }

                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    KillWithTaskkill(process.Id);
                }

                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // The process exited between the check and the kill.
            }
            catch (Win32Exception)
            {
                // Access was denied or the process is already exiting, so nothing more can be done.
            }
            catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException || ex.InnerException is Win32Exception || ex.InnerException is AggregateException)
            {
                // As above, reported through reflection.
            }
        }

        // Windows PowerShell 5.1 (.NET Framework) has no tree kill, so taskkill /T does it.
        private static void KillWithTaskkill(int processId)
        {
            var info = new ProcessStartInfo("taskkill.exe", "/PID " + processId + " /T /F")
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using Process? taskkill = Process.Start(info);
            taskkill?.WaitForExit(5000);
        }
    }
}
