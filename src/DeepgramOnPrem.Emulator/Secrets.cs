using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DeepgramOnPrem.Emulator;

/// <summary>
/// Random API keys, distribution secrets and access tokens in the formats Deepgram issues.
/// Every value comes from the operating system's cryptographic random number generator.
/// </summary>
internal static class Secrets
{
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>Creates an API key: 40 lower-case hexadecimal characters.</summary>
    public static string NewApiKey() => RandomNumberGenerator.GetHexString(40, lowercase: true);

    /// <summary>Creates a distribution credential secret: 64 upper-case letters and digits.</summary>
    public static string NewDistributionSecret() => RandomNumberGenerator.GetString(SecretAlphabet, 64);

    /// <summary>
    /// Creates a JWT-shaped access token (base64url header, payload and signature joined by dots).
    /// The signature is random bytes, because the emulator only recognizes the token's shape.
    /// </summary>
    public static string NewAccessToken()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string header = Base64Url.EncodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);
        string payloadJson = $"{{\"sub\":\"{Guid.NewGuid()}\",\"iat\":{now},\"exp\":{now + 3600}}}";
        string payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson));
        string signature = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return $"{header}.{payload}.{signature}";
    }
}
