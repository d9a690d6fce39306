namespace DeepgramOnPrem.Emulator;

/// <summary>
/// One API request as the emulator received it. The presented key is recorded on purpose, so that
/// tests can check which key each request carried.
/// </summary>
public sealed class RequestLogEntry
{
    private const int InFlight = -1;
    private int status = InFlight;

    /// <summary>Arrival number, starting at 1 and never reused, even after the log is cleared.</summary>
    public required long Sequence { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    /// <summary>Query string with its leading <c>?</c>, or empty when there is none.</summary>
    public required string Query { get; init; }

    /// <summary>Authorization scheme: <c>Token</c>, <c>Bearer</c>, <c>Basic</c>, <c>none</c>, or <c>other</c> for any other scheme.</summary>
    public required string Scheme { get; init; }

    /// <summary>API key of a Token request or the token of a Bearer request, otherwise null.</summary>
    public string? Key { get; init; }

    /// <summary>User name of a Basic request, otherwise null. The password is never recorded.</summary>
    public string? UserName { get; init; }

    public required string RequestId { get; init; }

    /// <summary>UTC time at which the request arrived, so tests can measure a client's retry waits.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>
    /// Status code sent, or null while the request is still being handled. It is 0 when the
    /// connection closed without a response, after a drop fault or a client disconnect.
    /// </summary>
    public int? Status
    {
        get
        {
            int value = Volatile.Read(ref status);
            return value == InFlight ? null : value;
        }
    }

    /// <summary>
    /// Records the status once and ignores later calls. Kestrel still runs the response-starting
    /// callbacks after a dropped or abandoned request, and those must not overwrite the 0.
    /// </summary>
    internal void Complete(int statusCode) => Interlocked.CompareExchange(ref status, statusCode, InFlight);
}

/// <summary>Thread-safe log of API requests in arrival order, bounded to the latest <see cref="Capacity"/> entries.</summary>
public sealed class RequestLog
{
    public const int Capacity = 100_000;

    private readonly Lock gate = new();
    private readonly Queue<RequestLogEntry> entries = new();
    private long lastSequence;

    internal RequestLogEntry Add(Func<long, RequestLogEntry> createEntry)
    {
        lock (gate)
        {
            var entry = createEntry(++lastSequence);
            entries.Enqueue(entry);
            if (entries.Count > Capacity)
            {
                entries.Dequeue();
            }

            return entry;
        }
    }

    public IReadOnlyList<RequestLogEntry> Snapshot()
    {
        lock (gate)
        {
            return entries.ToArray();
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }
}
