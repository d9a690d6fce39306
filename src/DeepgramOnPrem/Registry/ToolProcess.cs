using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DeepgramOnPrem.Registry
{
    /// <summary>What a finished (or stopped) tool run printed and returned.</summary>
    internal sealed class ToolRunResult
    {
        public ToolRunResult(int exitCode, string standardOutput, string standardError, bool timedOut, TimeSpan elapsed)
        {
            ExitCode = exitCode;
            StandardOutput = standardOutput;
            StandardError = standardError;
            TimedOut = timedOut;
            Elapsed = elapsed;
        }

        public int ExitCode { get; }

        /// <summary>Standard output as UTF-8 text, with the secret replaced by <see cref="ToolProcess.Mask"/>.</summary>
        public string StandardOutput { get; }

        /// <summary>Standard error as UTF-8 text, with the secret replaced by <see cref="ToolProcess.Mask"/>.</summary>
        public string StandardError { get; }

        /// <summary>True when the run hit its timeout and was killed, so <see cref="ExitCode"/> is the kill's.</summary>
        public bool TimedOut { get; }

        public TimeSpan Elapsed { get; }
    }

    /// <summary>
    /// Runs a command-line tool with an exact byte sequence on standard input, and captures its
    /// output. Secrets go only to standard input, never to the arguments or the environment.
    /// </summary>
    internal static class ToolProcess
    {
        /// <summary>What replaces the secret in captured output.</summary>
        public const string Mask = "[redacted]";

        /// <summary>Output beyond this many bytes per stream is read and dropped.</summary>
        public const int MaxCapturedBytes = 1024 * 1024;

        // How long to wait for the output pipes to close after the tool exits. A grandchild that
        // inherited them, such as a credential helper left running, could hold them open forever.
        private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(5);

        // Present on .NET Core 2.1 and later, so on PowerShell 7; absent on .NET Framework.
        private static readonly PropertyInfo? StandardInputEncodingProperty =
            typeof(ProcessStartInfo).GetProperty("StandardInputEncoding", BindingFlags.Public | BindingFlags.Instance);

        private static readonly object ConsoleEncodingLock = new object();

        /// <summary>
        /// Starts <paramref name="fileName"/>, writes <paramref name="standardInput"/> to it and closes
        /// its standard input, then waits for it to exit. On timeout it kills the process tree and
        /// returns a result with <see cref="ToolRunResult.TimedOut"/> set.
        /// </summary>
        /// <remarks>
        /// <paramref name="environment"/> changes the child's copy of this process's environment
        /// only. A null value there removes the variable (see <see cref="ApplyEnvironment"/>).
        /// <paramref name="standardInput"/> is written unchanged (no newline, no byte-order mark),
        /// and neither copied nor cleared here. Every occurrence of <paramref name="redact"/> in the output is masked, unless it is
        /// shorter than 8 bytes, since that would mask ordinary text.
        /// </remarks>
        /// <exception cref="System.ComponentModel.Win32Exception">The operating system could not start the file.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the process tree was killed first.</exception>
        public static async Task<ToolRunResult> RunAsync(
            string fileName,
            IReadOnlyList<string> arguments,
            IReadOnlyDictionary<string, string?> environment,
            byte[]? standardInput,
            byte[]? redact,
            TimeSpan timeout,
            CancellationToken cancellationToken)
        {
            if (timeout <= TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive and at most about 24 days.");
            }

            cancellationToken.ThrowIfCancellationRequested();

            // The tool's standard streams are pipes, and standard input is closed after the secret,
            // so a prompt of docker or podman on them reads end of file.
            // TODO: on Linux and macOS the tool still shares this session's controlling terminal, so a
            // credential helper that opens /dev/tty, such as gpg's pinentry under docker-credential-pass,
            // can wait there until the timeout. Process offers no way to start it in a new session.
            var info = new ProcessStartInfo(fileName, CommandLine.Join(arguments))
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            ApplyEnvironment(info.Environment, environment, RuntimeInformation.IsOSPlatform(OSPlatform.Windows));

            using var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.Exited += (sender, e) => exited.TrySetResult(true);

            Stopwatch stopwatch = Stopwatch.StartNew();
            StartWithoutInputPreamble(process);
            var output = new OutputCapture(process.StandardOutput.BaseStream);
            var error = new OutputCapture(process.StandardError.BaseStream);
            WriteAndClose(process, standardInput);

            bool timedOut = false;
            using (var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                Task delay = Task.Delay(timeout, delayCancellation.Token);
                Task first = await Task.WhenAny(exited.Task, delay).ConfigureAwait(false);
                delayCancellation.Cancel();
                if (first != exited.Task && !process.HasExited)
                {
                    ProcessTree.Kill(process);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }

                    timedOut = true;
                }
            }

            // A killed process may still be exiting. This wait lets HasExited and ExitCode catch up.
            process.WaitForExit((int)OutputDrainTimeout.TotalMilliseconds);
            await Task.WhenAny(Task.WhenAll(output.Completion, error.Completion), Task.Delay(OutputDrainTimeout)).ConfigureAwait(false);
            stopwatch.Stop();

            int exitCode = process.HasExited ? process.ExitCode : -1;
            return new ToolRunResult(
                exitCode,
                Decode(output.Snapshot(), redact),
                Decode(error.Snapshot(), redact),
                timedOut,
                stopwatch.Elapsed);
        }

        /// <summary>
        /// Sets each variable of <paramref name="changes"/> in <paramref name="target"/>, or removes it
        /// when its value is null. Removal matches names ignoring case when
        /// <paramref name="ignoreCase"/> is set, because Windows treats DEEPGRAM_API_KEY and
        /// deepgram_api_key as one variable.
        /// </summary>
        internal static void ApplyEnvironment(IDictionary<string, string?> target, IReadOnlyDictionary<string, string?> changes, bool ignoreCase)
        {
            StringComparison comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            foreach (KeyValuePair<string, string?> change in changes)
            {
                if (change.Value != null)
                {
                    target[change.Key] = change.Value;
                    continue;
                }

                var matches = new List<string>();
                foreach (string name in target.Keys)
                {
                    if (string.Equals(name, change.Key, comparison))
                    {
                        matches.Add(name);
                    }
                }

                foreach (string name in matches)
                {
                    target.Remove(name);
                }
            }
        }

        /// <summary>
        /// Starts the process so that its standard input receives no byte-order mark. Process wraps
        /// the stdin pipe in a StreamWriter with AutoFlush on, which writes the encoding's preamble
        /// at once, so the encoding must have none before Start.
        /// </summary>
        private static void StartWithoutInputPreamble(Process process)
        {
            if (StandardInputEncodingProperty != null)
            {
                StandardInputEncodingProperty.SetValue(process.StartInfo, new UTF8Encoding(false));
                process.Start();
                return;
            }

            // .NET Framework takes the stdin encoding from Console.InputEncoding. Its console
            // encodings normally have no preamble, and this swap covers a UTF-8 one that does.
            // NOTE: this branch runs only on Windows PowerShell 5.1, which the tests do not cover.
            lock (ConsoleEncodingLock)
            {
                Encoding? previous = null;
                try
                {
                    Encoding current = Console.InputEncoding;
                    if (current.CodePage == 65001 && current.GetPreamble().Length > 0)
                    {
                        Console.InputEncoding = new UTF8Encoding(false);
                        previous = current;
                    }
                }
                catch (IOException)
                {
                    // There is no console to change, as in a service, so the encoding stays as it is.
                }

                try
                {
                    process.Start();
                }
                finally
                {
                    if (previous != null)
                    {
                        try
                        {
                            Console.InputEncoding = previous;
                        }
                        catch (IOException)
                        {
                        }
                    }
                }
            }
        }

        private static void WriteAndClose(Process process, byte[]? bytes)
        {
            Stream input = process.StandardInput.BaseStream;
            try
            {
                if (bytes != null && bytes.Length > 0)
                {
                    input.Write(bytes, 0, bytes.Length);
                    input.Flush();
                }
            }
            catch (IOException)
            {
                // The tool exited or closed its standard input before reading it. Its exit code
                // and output report the failure.
            }
            finally
            {
                try
                {
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                }
            }
        }

        private static string Decode(byte[] bytes, byte[]? secret)
        {
            byte[] redacted = secret != null && secret.Length >= 8 ? Redact(bytes, secret) : bytes;
            return new UTF8Encoding(false, false).GetString(redacted);
        }

        /// <summary>Replaces every occurrence of <paramref name="secret"/> in <paramref name="data"/> with <see cref="Mask"/>.</summary>
        internal static byte[] Redact(byte[] data, byte[] secret)
        {
            byte[] mask = Encoding.ASCII.GetBytes(Mask);
            using var result = new MemoryStream(data.Length);
            int start = 0;
            for (int i = 0; i <= data.Length - secret.Length;)
            {
                if (Matches(data, i, secret))
                {
                    result.Write(data, start, i - start);
                    result.Write(mask, 0, mask.Length);
                    i += secret.Length;
                    start = i;
                }
                else
                {
                    i++;
                }
            }

            result.Write(data, start, data.Length - start);
            return result.ToArray();
        }

        private static bool Matches(byte[] data, int offset, byte[] pattern)
        {
            for (int j = 0; j < pattern.Length; j++)
            {
                if (data[offset + j] != pattern[j])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Reads a stream to its end in the background, keeping the first <see cref="MaxCapturedBytes"/>.</summary>
        private sealed class OutputCapture
        {
            private readonly MemoryStream _buffer = new MemoryStream();

            public OutputCapture(Stream stream)
            {
                Completion = Task.Run(() => ReadAsync(stream));
            }

            public Task Completion { get; }

            public byte[] Snapshot()
            {
                lock (_buffer)
                {
                    return _buffer.ToArray();
                }
            }

            private async Task ReadAsync(Stream stream)
            {
                byte[] chunk = new byte[4096];
                try
                {
                    int read;
                    while ((read = await stream.ReadAsync(chunk, 0, chunk.Length).ConfigureAwait(false)) > 0)
                    {
                        lock (_buffer)
                        {
                            int room = MaxCapturedBytes - (int)_buffer.Length;
                            if (room > 0)
                            {
                                _buffer.Write(chunk, 0, Math.Min(room, read));
                            }
                        }
                    }
                }
                catch (IOException)
                {
                    // The pipe broke, as when the process tree was killed.
                }
                catch (ObjectDisposedException)
                {
                    // The process object was disposed while a grandchild still held the pipe.
                }
            }
        }
    }
}
