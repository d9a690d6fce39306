using System.Text;
using DeepgramOnPrem.Api;
using Xunit;

namespace DeepgramOnPrem.Tests.Api;

public class CredentialListReaderTests
{
    private static readonly Guid Project = Guid.NewGuid();

    internal static string BuildList(int count, string? extraBefore = null)
    {
        var builder = new StringBuilder("{");
        if (extraBefore != null)
        {
            builder.Append(extraBefore).Append(',');
        }

        builder.Append("\"distribution_credentials\":[");
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append("{\"member\":{\"member_id\":\"m").Append(i).Append("\",\"email\":\"user").Append(i).Append("@example.com\"},")
                .Append("\"distribution_credentials\":{\"distribution_credentials_id\":\"").Append(new Guid(i, 0, 0, new byte[8]).ToString())
                .Append("\",\"provider\":\"quay\",\"comment\":\"comment \\\"").Append(i).Append("\\\" ü\",\"scopes\":[\"self-hosted:products\"],\"created\":\"2024-05-06T07:08:09.123456Z\"}}");
        }

        builder.Append("],\"trailing\":{\"ignored\":[1,2,3]}}");
        return builder.ToString();
    }

    private static async Task<List<DistributionCredentialInfo>> ReadAll(Stream stream)
    {
        var items = new List<DistributionCredentialInfo>();
        using var reader = CredentialListReader.FromStream(stream, Project);
        DistributionCredentialInfo? item;
        while ((item = await reader.ReadNextAsync(CancellationToken.None)) != null)
        {
            items.Add(item);
        }

        return items;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ChunkedStream_MatchesWholeBodyParse(int chunkSize)
    {
        byte[] body = Encoding.UTF8.GetBytes(BuildList(200, "\"before\":{\"a\":[\"distribution_credentials\"]}"));

        List<DistributionCredentialInfo> streamed = await ReadAll(new ChunkedStream(body, chunkSize));
        IReadOnlyList<DistributionCredentialInfo> whole = ResponseParser.ParseCredentialList(body, Project);

        Assert.Equal(whole.Count, streamed.Count);
        Assert.Equal(whole.Select(c => c.DistributionCredentialId), streamed.Select(c => c.DistributionCredentialId));
        Assert.Equal(whole.Select(c => c.Comment), streamed.Select(c => c.Comment));
        Assert.Equal("user199@example.com", streamed[199].MemberEmail);
    }

    [Fact]
    public async Task EntryLargerThanBuffer_IsRead()
    {
        string longComment = new string('x', 100_000);
        string body = "{\"distribution_credentials\":[{\"distribution_credentials\":{\"distribution_credentials_id\":\"" + Guid.Empty + "\",\"comment\":\"" + longComment + "\"}}]}";

        List<DistributionCredentialInfo> items = await ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(body)));

        Assert.Single(items);
        Assert.Equal(longComment, items[0].Comment);
    }

    [Fact]
    public async Task FirstEntry_ArrivesBeforeBodyEnds()
    {
        byte[] body = Encoding.UTF8.GetBytes(BuildList(3));
        int firstEntryEnd = Encoding.UTF8.GetString(body).IndexOf("}},", StringComparison.Ordinal) + 3;
        var gate = new TaskCompletionSource();
        var stream = new GatedStream(body, firstEntryEnd, gate.Task);

        using var reader = CredentialListReader.FromStream(stream, Project);
        DistributionCredentialInfo? first = await reader.ReadNextAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(first);
        Assert.False(gate.Task.IsCompleted);
        gate.SetResult();
        Assert.NotNull(await reader.ReadNextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task NullArray_IsEmpty()
    {
        Assert.Empty(await ReadAll(new MemoryStream(Encoding.UTF8.GetBytes("{\"distribution_credentials\":null}"))));
    }

    [Theory]
    [InlineData("{\"distribution_credentials\":[{\"distribution_credentials\":{\"distribution_credentials_id\":\"00000000-0000-0000-0000-000000000001\"}}")]
    [InlineData("{\"distribution_credentials\":[1]}")]
    [InlineData("{\"distribution_credentials\":{}}")]
    [InlineData("{\"other\":[]}")]
    [InlineData("[]")]
    [InlineData("{\"distribution_credentials\":[{\"distribution_credentials\":{\"distribution_credentials_id\":\"nope\"}}]}")]
    [InlineData("{\"distribution_credentials\":[{]}")]
    public async Task MalformedList_IsInvalidResponse(string body)
    {
        var ex = await Assert.ThrowsAsync<DeepgramApiException>(() => ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(body))));
        Assert.Equal(DeepgramErrorKind.InvalidResponse, ex.Kind);
    }

    /// <summary>Returns at most a fixed number of bytes per read, to split tokens at every position.</summary>
    private sealed class ChunkedStream(byte[] data, int chunkSize) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunkSize));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunkSize), cancellationToken);
    }

    /// <summary>Serves bytes up to a limit, then waits for a gate before serving the rest.</summary>
    private sealed class GatedStream(byte[] data, int openLength, Task gate) : MemoryStream(data)
    {
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (Position >= openLength)
            {
                await gate.WaitAsync(cancellationToken);
                return await base.ReadAsync(buffer, offset, count, cancellationToken);
            }

            return await base.ReadAsync(buffer, offset, (int)Math.Min(count, openLength - Position), cancellationToken);
        }
    }
}
