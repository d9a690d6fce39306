using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DeepgramOnPrem.Emulator.Http;

/// <summary>Scheme and value of a request's <c>Authorization</c> header.</summary>
internal readonly record struct PresentedCredentials(string Scheme, string? Value)
{
    public const string Token = "Token";
    public const string Bearer = "Bearer";
    public const string Basic = "Basic";
    public const string None = "none";
    public const string Other = "other";

    /// <summary>Reads the header. Scheme names are matched without regard to case and reported in their usual spelling.</summary>
    public static PresentedCredentials Read(HttpRequest request)
    {
        string? header = request.Headers[HeaderNames.Authorization];
        if (string.IsNullOrWhiteSpace(header))
        {
            return new PresentedCredentials(None, null);
        }

        header = header.Trim();
        int space = header.IndexOf(' ');
        string scheme = space < 0 ? header : header[..space];
        string? value = space < 0 ? null : header[(space + 1)..].Trim();
        if (value?.Length == 0)
        {
            value = null;
        }

        foreach (string known in (string[])[Token, Bearer, Basic])
        {
            if (string.Equals(scheme, known, StringComparison.OrdinalIgnoreCase))
            {
                return new PresentedCredentials(known, value);
            }
        }

        return new PresentedCredentials(Other, null);
    }

    /// <summary>
    /// Decodes a Basic value into user name and password. Returns false when the value is not
    /// base64 or has no colon.
    /// </summary>
    public bool TryDecodeBasic(out string userName, out string password)
    {
        userName = "";
        password = "";
        if (Scheme != Basic || Value is null)
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(Value);
        }
        catch (FormatException)
        {
            return false;
        }

        string text = Encoding.UTF8.GetString(decoded);
        int colon = text.IndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        userName = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }
}
