using System;
using System.Runtime.InteropServices;
using System.Security;

namespace DeepgramOnPrem
{
    /// <summary>Moves secrets between <see cref="SecureString"/> and the forms the API and tools need.</summary>
    internal static class SecretConversion
    {
        public static SecureString ToSecureString(string value)
        {
            var secure = new SecureString();
            foreach (char c in value)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        /// <summary>Copies the secret into a managed string; callers keep that string as short-lived as they can.</summary>
        public static string ToPlainText(SecureString secure)
        {
            IntPtr pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }

        /// <summary>Encodes the secret as UTF-8 bytes without a byte-order mark; the caller clears the array.</summary>
        public static byte[] ToUtf8Bytes(SecureString secure)
        {
            IntPtr pointer = IntPtr.Zero;
            char[] chars = new char[secure.Length];
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                Marshal.Copy(pointer, chars, 0, chars.Length);
                return new System.Text.UTF8Encoding(false).GetBytes(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }
    }
}
