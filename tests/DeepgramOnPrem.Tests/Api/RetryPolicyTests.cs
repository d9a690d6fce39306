using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using DeepgramOnPrem.Api;
using Xunit;

namespace DeepgramOnPrem.Tests.Api;

public class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static HttpResponseHeaders Headers(params (string Name, string Value)[] values)
    {
        var response = new HttpResponseMessage();
        foreach (var (name, value) in values)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response.Headers;
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(599, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    public void Reads_RetryTransientStatuses(int status, bool expected)
    {
        Assert.Equal(expected, new RetryPolicy().ShouldRetryStatus(status, RequestKind.Read));
        Assert.Equal(expected, new RetryPolicy().ShouldRetryStatus(status, RequestKind.Delete));
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(408, false)]
    [InlineData(500, false)]
    [InlineData(502, false)]
    [InlineData(503, false)]
    public void Create_RetriesOnlyRateLimit(int status, bool expected)
    {
        Assert.Equal(expected, new RetryPolicy().ShouldRetryStatus(status, RequestKind.Create));
    }

    [Fact]
    public void Create_RetriesOnlyUnsentNetworkFailure()
    {
        var policy = new RetryPolicy();

        Assert.True(policy.ShouldRetryNetworkFailure(RequestKind.Create, connectionEstablished: false));
        Assert.False(policy.ShouldRetryNetworkFailure(RequestKind.Create, connectionEstablished: true));
        Assert.True(policy.ShouldRetryNetworkFailure(RequestKind.Read, connectionEstablished: true));
    }

    [Fact]
    public void RetryAfterMs_WinsOverOtherHeaders()
    {
        HttpResponseHeaders headers = Headers(("retry-after-ms", "250"), ("Retry-After", "9"), ("X-RateLimit-Reset", "7"));

        Assert.Equal(TimeSpan.FromMilliseconds(250), RetryPolicy.ReadServerDelay(headers, Now));
    }

    [Fact]
    public void RetryAfterSeconds_WinsOverRateLimitReset()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.ReadServerDelay(Headers(("Retry-After", "3"), ("X-RateLimit-Reset", "7")), Now));
    }

    [Fact]
    public void RetryAfterHttpDate_IsTimeFromNow()
    {
        string date = Now.AddSeconds(12).ToString("r", CultureInfo.InvariantCulture);

        Assert.Equal(TimeSpan.FromSeconds(12), RetryPolicy.ReadServerDelay(Headers(("Retry-After", date)), Now));
    }

    [Fact]
    public void RateLimitReset_AcceptsSecondsFromNow()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), RetryPolicy.ReadServerDelay(Headers(("X-RateLimit-Reset", "4")), Now));
    }

    [Fact]
    public void RateLimitReset_AcceptsUnixTime()
    {
        string epoch = Now.AddSeconds(6).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        Assert.Equal(TimeSpan.FromSeconds(6), RetryPolicy.ReadServerDelay(Headers(("X-RateLimit-Reset", epoch)), Now));
    }

    [Theory]
    [InlineData("retry-after-ms", "-5")]
    [InlineData("retry-after-ms", "soon")]
    [InlineData("Retry-After", "later")]
    [InlineData("X-RateLimit-Reset", "-1")]
    public void InvalidHeader_IsIgnored(string name, string value)
    {
        Assert.Null(RetryPolicy.ReadServerDelay(Headers((name, value)), Now));
    }

    [Fact]
    public void ServerDelay_IsCapped()
    {
        var policy = new RetryPolicy(maxDelay: TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(5), policy.GetDelay(1, Headers(("Retry-After", "3600")), Now));
    }

    [Fact]
    public void PastHttpDate_WaitsZero()
    {
        string date = Now.AddSeconds(-30).ToString("r", CultureInfo.InvariantCulture);

        Assert.Equal(TimeSpan.Zero, new RetryPolicy().GetDelay(1, Headers(("Retry-After", date)), Now));
    }

    [Fact]
    public void Backoff_DoublesWithJitterWithinBounds()
    {
        var policy = new RetryPolicy(maxRetries: 5, baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromSeconds(10), seed: 42);
        var seen = new HashSet<double>();
        for (int trial = 0; trial < 200; trial++)
        {
            for (int retry = 1; retry <= 4; retry++)
            {
                double expectedMax = 100 * Math.Pow(2, retry - 1);
                double delay = policy.GetDelay(retry, null, Now).TotalMilliseconds;
                Assert.InRange(delay, expectedMax / 2, expectedMax);
                seen.Add(delay);
            }
        }

        // Jitter spreads the waits: a fixed schedule would give only four values.
        Assert.True(seen.Count > 100, "backoff produced only " + seen.Count + " distinct waits");
    }

    [Fact]
    public void Backoff_NeverExceedsCap()
    {
        var policy = new RetryPolicy(maxRetries: 50, baseDelay: TimeSpan.FromSeconds(1), maxDelay: TimeSpan.FromSeconds(3));

        Assert.True(policy.GetDelay(40, null, Now) <= TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void NegativeRetries_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(-1));
    }
}
