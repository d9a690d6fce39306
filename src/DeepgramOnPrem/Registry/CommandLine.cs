using System;
using System.Collections.Generic;
using System.Text;

namespace DeepgramOnPrem.Registry
{
    /// <summary>
    /// Builds a <see cref="System.Diagnostics.ProcessStartInfo.Arguments"/> string that the
    /// child splits back into exactly the given arguments. netstandard2.0 has no ArgumentList.
    /// </summary>
    /// <remarks>
    /// On Windows the child splits the command line itself, by the Microsoft C runtime rules that
    /// CommandLineToArgvW also follows. On Linux and macOS, .NET splits the string by the same
    /// rules before it calls execve. So one quoting serves every OS. An argument that is empty
    /// or has whitespace or a double quote goes in double quotes. Inside, each double quote gets
    /// a backslash, and the backslashes before a double quote or the closing quote are doubled.
    /// </remarks>
    internal static class CommandLine
    {
        /// <summary>Joins the arguments, each quoted as needed, with single spaces.</summary>
        /// <exception cref="ArgumentException">An argument contains a NUL character, which no command line can carry.</exception>
        public static string Join(IEnumerable<string> arguments)
        {
            var builder = new StringBuilder();
            foreach (string argument in arguments)
            {
                if (builder.Length > 0)
                {
                    builder.Append(' ');
                }

                AppendQuoted(builder, argument);
            }

            return builder.ToString();
        }

        /// <summary>Returns one argument quoted as needed.</summary>
        public static string Quote(string argument)
        {
            var builder = new StringBuilder(argument.Length + 2);
            AppendQuoted(builder, argument);
            return builder.ToString();
        }

        private static void AppendQuoted(StringBuilder builder, string argument)
        {
            if (argument.IndexOf('\0') >= 0)
            {
                throw new ArgumentException("A command-line argument cannot contain a NUL character.", nameof(argument));
            }

            if (argument.Length > 0 && !NeedsQuotes(argument))
            {
                builder.Append(argument);
                return;
            }

            builder.Append('"');
            int index = 0;
            while (index < argument.Length)
            {
                char c = argument[index++];
                if (c == '\\')
                {
                    int backslashes = 1;
                    while (index < argument.Length && argument[index] == '\\')
                    {
                        index++;
                        backslashes++;
                    }

                    if (index == argument.Length)
                    {
                        // Doubled so the closing quote stays a quote.
                        builder.Append('\\', backslashes * 2);
                    }
                    else if (argument[index] == '"')
                    {
                        // Doubled, plus one that escapes the literal quote after them.
                        builder.Append('\\', (backslashes * 2) + 1);
                        builder.Append('"');
                        index++;
                    }
                    else
                    {
                        builder.Append('\\', backslashes);
                    }

                    continue;
                }

                if (c == '"')
                {
                    builder.Append('\\');
                }

                builder.Append(c);
            }

            builder.Append('"');
        }

        private static bool NeedsQuotes(string argument)
        {
            foreach (char c in argument)
            {
                if (char.IsWhiteSpace(c) || c == '"')
                {
                    return true;
                }
            }

            return false;
        }
    }
}
