using System.Diagnostics.CodeAnalysis;

namespace DeepgramOnPrem.Emulator;

/// <summary>What a fault step does to the request it is applied to.</summary>
public enum FaultKind
{
    /// <summary>Sends the step's status, headers and body without running the handler.</summary>
    Status,

    /// <summary>Runs the handler, then discards its response and sends the step's status and an error body.</summary>
    StatusAfterHandling,

    /// <summary>Sends a 502 with the HTML page a reverse proxy shows.</summary>
    Html502,

    /// <summary>Sends 200 with <c>application/json</c> and a truncated JSON body, without running the handler.</summary>
    MalformedJson,

    /// <summary>Sends the step's status with an empty body.</summary>
    Empty,

    /// <summary>Aborts the connection without sending a response.</summary>
    Drop,

    /// <summary>
    /// Runs the handler, then aborts the connection without sending its response, as when a
    /// response is lost on the way back: a create really creates, and the client never learns it.
    /// </summary>
    DropAfterHandling,

    /// <summary>
    /// Runs the handler, sends its status, headers and full Content-Length but only the first half
    /// of its body, then aborts the connection, as when a connection breaks while a body arrives.
    /// </summary>
    DropMidBody,

    /// <summary>Handles the request normally after the step's delay.</summary>
    Delay,
}

/// <summary>One planned fault. <see cref="DelayMs"/> is waited first, whatever the kind.</summary>
public sealed class FaultStep
{
    internal static NameTable<FaultKind> KindNames { get; } = new(
        ("status", FaultKind.Status),
        ("status-after-handling", FaultKind.StatusAfterHandling),
        ("html502", FaultKind.Html502),
        ("malformed-json", FaultKind.MalformedJson),
        ("empty", FaultKind.Empty),
        ("drop", FaultKind.Drop),
        ("drop-after-handling", FaultKind.DropAfterHandling),
        ("drop-mid-body", FaultKind.DropMidBody),
        ("delay", FaultKind.Delay));

    public required FaultKind Kind { get; init; }

    /// <summary>Status code to send. Used by Status, StatusAfterHandling and Empty.</summary>
    public int? Status { get; init; }

    /// <summary>Delay in milliseconds before the step acts. It ends early when the client disconnects.</summary>
    public int DelayMs { get; init; }

    /// <summary>Extra response headers, for example <c>Retry-After</c>. Used by Status and StatusAfterHandling.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Exact response body. When null, Status and StatusAfterHandling send an error body in the
    /// configured error shape (Status does so only for codes of 400 and above).
    /// </summary>
    public string? Body { get; init; }

    /// <summary>Content type of <see cref="Body"/>. When null, it is guessed from the body's first character.</summary>
    public string? ContentType { get; init; }
}

/// <summary>Queue of fault steps for the requests that match a method and a path fragment.</summary>
public sealed class FaultRule
{
    public FaultRule(string? method, string? pathContains, IEnumerable<FaultStep> steps)
    {
        Method = method;
        PathContains = pathContains;
        Steps = new Queue<FaultStep>(steps);
    }

    /// <summary>HTTP method to match, compared without regard to case. Null matches every method.</summary>
    public string? Method { get; }

    /// <summary>Fragment that the request path must contain (ordinal comparison). Null matches every path.</summary>
    public string? PathContains { get; }

    /// <summary>Remaining steps, guarded by the owning <see cref="FaultPlan"/>'s lock.</summary>
    internal Queue<FaultStep> Steps { get; }

    internal bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (PathContains is null || path.Contains(PathContains, StringComparison.Ordinal));
}

/// <summary>Remaining steps of one rule, as <c>GET /_emulator/faults</c> reports them.</summary>
public sealed record FaultRuleSnapshot(string? Method, string? PathContains, IReadOnlyList<FaultStep> Steps);

/// <summary>
/// Thread-safe list of fault rules. Each matching request takes the next step of the first
/// matching rule, and a rule is removed once its last step is taken.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock gate = new();
    private readonly List<FaultRule> rules = new();

    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Steps.Count == 0)
        {
            throw new ArgumentException("A fault rule needs at least one step.", nameof(rule));
        }

        lock (gate)
        {
            rules.Add(rule);
        }
    }

    /// <summary>Takes the next step for a request, or returns false when no rule matches it.</summary>
    public bool TryTake(string method, string path, [NotNullWhen(true)] out FaultStep? step)
    {
        lock (gate)
        {
            for (int i = 0; i < rules.Count; i++)
            {
                var rule = rules[i];
                if (!rule.Matches(method, path))
                {
                    continue;
                }

                step = rule.Steps.Dequeue();
                if (rule.Steps.Count == 0)
                {
                    rules.RemoveAt(i);
                }

                return true;
            }
        }

        step = null;
        return false;
    }

    public IReadOnlyList<FaultRuleSnapshot> Snapshot()
    {
        lock (gate)
        {
            return rules.Select(rule => new FaultRuleSnapshot(rule.Method, rule.PathContains, rule.Steps.ToArray())).ToArray();
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }
}
