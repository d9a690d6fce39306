using DeepgramOnPrem.Api;
using Xunit;

namespace DeepgramOnPrem.Tests.Api;

public class ClientOptionsTests
{
    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567\nX-Injected: 1", "line break")]
    [InlineData("0123456789abcdef 0123456789abcdef01234567", "space")]
    [InlineData("0123456789abcdef0123456789abcdef01234567\u00e9", "U+00E9")]
    [InlineData("0123456789abcdef\u00a00123456789abcdef01234567", "space")]
    public void Key_WithHeaderUnsafeCharacter_IsRejected(string key, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => new DeepgramClientOptions(key));

        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain("0123456789abcdef", ex.Message);
    }

    [Fact]
    public void Key_IsTrimmed()
    {
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", new DeepgramClientOptions("  0123456789abcdef0123456789abcdef01234567\r\n").ApiKey);
    }

    [Theory]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", true)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", false)]
    [InlineData("eyJ.a", false)]
    public void Jwt_IsDetected(string key, bool expected)
    {
        Assert.Equal(expected, DeepgramClientOptions.LooksLikeJwt(key));
    }
}
