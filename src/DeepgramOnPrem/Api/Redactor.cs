using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace DeepgramOnPrem.Api
{
    /// <summary>Removes secrets from text that is about to be logged.</summary>
    public static class Redactor
    {
        public const string Mask = "[redacted]";

        // JSON string properties whose value is a secret in any Deepgram or registry body. The
        // closing quote is optional because a body cut off inside the value still contains part of it.
        private static readonly Regex SecretProperty = new Regex(
            "\"(?<name>secret|password|auth|key|api_key|token|access_token|identitytoken)\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"?",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>
        /// Replaces the values of secret JSON properties and every occurrence of the given
        /// secrets (shorter than 8 characters are ignored, since they would mask ordinary text).
        /// </summary>
        public static string Redact(string text, IEnumerable<string?>? secrets = null)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text;
            }

            string result = SecretProperty.Replace(text, m => "\"" + m.Groups["name"].Value + "\":\"" + Mask + "\"");
            if (secrets != null)
            {
                foreach (string? secret in secrets)
                {
                    if (!string.IsNullOrEmpty(secret) && secret!.Length >= 8)
                    {
                        result = result.Replace(secret, Mask);
                    }
                }
            }

            return result;
        }

        /// <summary>Returns the last four characters behind an ellipsis, e.g. "…3b1f".</summary>
        public static string Fingerprint(string? key)
        {
            if (string.IsNullOrEmpty(key))
            {
                return string.Empty;
            }

            return key!.Length <= 8 ? "…" : "…" + key.Substring(key.Length - 4);
        }
    }
}
