using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace DeepgramOnPrem.Registry
{
    /// <summary>A line of a successful run's output, passed on as a verbose or warning record.</summary>
    internal sealed class ToolNotice
    {
        public ToolNotice(bool isWarning, string text)
        {
            IsWarning = isWarning;
            Text = text;
        }

        public bool IsWarning { get; }

        public string Text { get; }
    }

    /// <summary>
    /// Reads what docker and podman print: which failure a non-zero exit was, and which lines of a
    /// successful run are warnings. The patterns come from Docker CLI 28 and Podman 4.3 output, and
    /// from known messages of the pass and wincred credential helpers.
    /// </summary>
    internal static class ToolOutput
    {
        private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

        // Docker's log lines, such as: time="..." level=info msg="Error logging in to endpoint,
        // trying next endpoint". Docker prints them while it falls back from https to http, so
        // they describe attempts, not the outcome.
        private static readonly Regex LogLine = new Regex(@"^\s*time=""[^""]*""\s+level=(info|debug|trace)\b", Options);

        private static readonly Regex WarningPrefix = new Regex(@"^WARNING[!:]\s*", Options);

        private static readonly Regex CredentialStore = new Regex(
            @"error (storing|saving|getting|erasing) credentials|could not erase credentials|pass not initialized|password store is empty|docker-credential-|"
            + @"a specified logon session does not exist|the stub received bad data|keychain|org\.freedesktop\.secrets|"
            + @"error loading config file|get credentials:|reading json file|writing json file",
            Options);

        private static readonly Regex Rejected = new Regex(
            @"\bunauthorized\b|status:?\s*401\b|incorrect username or password|invalid username(/| or )password|authentication required",
            Options);

        private static readonly Regex Unreachable = new Regex(
            @"connection refused|no such host|i/o timeout|timeout exceeded|timed out|deadline exceeded|network is unreachable|no route to host|"
            + @"connection reset|server misbehaving|temporary failure in name resolution|tls handshake timeout",
            Options);

        /// <summary>
        /// Classifies a failed run from its standard error. A credential store error wins over the
        /// rest, because the tool stores a login only after the registry accepted it.
        /// </summary>
        public static ToolFailureKind Classify(string standardError)
        {
            string text = string.Join("\n", SignificantLines(standardError));
            if (CredentialStore.IsMatch(text))
            {
                return ToolFailureKind.CredentialStoreFailed;
            }

            if (Rejected.IsMatch(text))
            {
                return ToolFailureKind.CredentialRejected;
            }

            if (Unreachable.IsMatch(text))
            {
                return ToolFailureKind.RegistryUnreachable;
            }

            return ToolFailureKind.Other;
        }

        /// <summary>Returns the non-blank lines, without Docker's info-level log lines.</summary>
        public static IReadOnlyList<string> SignificantLines(string text)
        {
            var lines = new List<string>();
            foreach (string line in SplitLines(text))
            {
                if (line.Trim().Length > 0 && !LogLine.IsMatch(line))
                {
                    lines.Add(line.Trim());
                }
            }

            return lines;
        }

        /// <summary>
        /// Returns the last significant lines of standard error, or of standard output when
        /// standard error has none, joined for quoting in an error message.
        /// </summary>
        public static string Summarize(string standardError, string standardOutput, int maxLines = 5)
        {
            IReadOnlyList<string> lines = SignificantLines(standardError);
            if (lines.Count == 0)
            {
                lines = SignificantLines(standardOutput);
            }

            if (lines.Count == 0)
            {
                return "(no output)";
            }

            int skip = Math.Max(0, lines.Count - maxLines);
            var lastLines = new List<string>();
            for (int i = skip; i < lines.Count; i++)
            {
                lastLines.Add(lines[i]);
            }

            return string.Join(" ", lastLines);
        }

        /// <summary>
        /// Splits a successful run's output into notices. Docker's paragraph about credentials
        /// stored unencrypted becomes one warning, and every other line a verbose notice.
        /// </summary>
        public static IReadOnlyList<ToolNotice> Notices(string standardOutput, string standardError)
        {
            var notices = new List<ToolNotice>();
            foreach (string line in SplitLines(standardOutput))
            {
                if (line.Trim().Length > 0)
                {
                    notices.Add(new ToolNotice(false, line.Trim()));
                }
            }

            List<string>? warning = null;
            foreach (string line in SplitLines(standardError))
            {
                string trimmed = line.Trim();
                if (warning != null)
                {
                    if (trimmed.Length > 0)
                    {
                        warning.Add(trimmed);
                        continue;
                    }

                    notices.Add(new ToolNotice(true, string.Join(" ", warning)));
                    warning = null;
                }

                if (trimmed.IndexOf("unencrypted", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    // PowerShell labels the record WARNING itself.
                    warning = new List<string> { WarningPrefix.Replace(trimmed, string.Empty) };
                }
                else if (trimmed.Length > 0)
                {
                    notices.Add(new ToolNotice(false, trimmed));
                }
            }

            if (warning != null)
            {
                notices.Add(new ToolNotice(true, string.Join(" ", warning)));
            }

            return notices;
        }

        private static string[] SplitLines(string text) =>
            (text ?? string.Empty).Replace("\r\n", "\n").Split('\n');
    }
}
