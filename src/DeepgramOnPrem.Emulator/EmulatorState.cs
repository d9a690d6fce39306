using System.Collections.Concurrent;

namespace DeepgramOnPrem.Emulator;

/// <summary>
/// Everything one emulator instance stores: projects, keys, credentials, response shapes, fault
/// rules and the request log. All members are thread-safe. Keys and project ids are random on
/// each start.
/// </summary>
public sealed class EmulatorState
{
    public const string SelfHostedProjectName = "Acme on-prem";
    public const string CloudProjectName = "Acme cloud";
    public const string Company = "Acme Corp";
    public const string Provider = "quay";

    /// <summary>Maximum number of credentials one seed call creates.</summary>
    public const int MaxSeedCount = 100_000;

    private readonly ConcurrentDictionary<string, ApiKey> keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Member> membersByEmail = new(StringComparer.OrdinalIgnoreCase);
    private EmulatorConfig config = EmulatorConfig.Default;
    private int createdKeyCount;

    public EmulatorState()
    {
        SelfHostedProject = new Project(Guid.NewGuid(), SelfHostedProjectName, Company, SelfHosted: true);
        CloudProject = new Project(Guid.NewGuid(), CloudProjectName, Company, SelfHosted: false);
        Projects = [SelfHostedProject, CloudProject];

        // The invalid key is drawn first so that AddKey can keep every real key different from it.
        InvalidKey = Secrets.NewApiKey();
        OwnerKey = AddKey(MemberRole.Owner, "owner@acme.example");
        MemberKey = AddKey(MemberRole.Member, "member@acme.example");
        AccessToken = Secrets.NewAccessToken();
    }

    /// <summary>Project granted self-hosted products, named "Acme on-prem".</summary>
    public Project SelfHostedProject { get; }

    /// <summary>Project without self-hosted products, named "Acme cloud": its distribution routes return 403.</summary>
    public Project CloudProject { get; }

    public IReadOnlyList<Project> Projects { get; }

    public ApiKey OwnerKey { get; }

    public ApiKey MemberKey { get; }

    /// <summary>Well-formed API key that the emulator does not know.</summary>
    public string InvalidKey { get; }

    /// <summary>JWT-shaped access token, which management routes reject as Deepgram's do.</summary>
    public string AccessToken { get; }

    public CredentialStore Credentials { get; } = new();

    public RequestLog Requests { get; } = new();

    public FaultPlan Faults { get; } = new();

    public EmulatorConfig Config
    {
        get => Volatile.Read(ref config);
        set => Volatile.Write(ref config, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Applies <paramref name="change"/> atomically, retrying when another thread changed the config first.</summary>
    public EmulatorConfig UpdateConfig(Func<EmulatorConfig, EmulatorConfig> change)
    {
        while (true)
        {
            var current = Config;
            var updated = change(current);
            if (ReferenceEquals(Interlocked.CompareExchange(ref config, updated, current), current))
            {
                return updated;
            }
        }
    }

    /// <summary>Creates a key for a new member, valid on both seeded projects.</summary>
    public ApiKey CreateKey(MemberRole role)
    {
        int number = Interlocked.Increment(ref createdKeyCount);
        string roleName = role == MemberRole.Owner ? "owner" : "member";
        return AddKey(role, $"{roleName}-{number}@acme.example");
    }

    public ApiKey? FindKey(string key) => keys.GetValueOrDefault(key);

    public Project? FindProject(Guid projectId) => Projects.FirstOrDefault(project => project.ProjectId == projectId);

    /// <summary>Returns the member with this e-mail address, creating one (with no key) when there is none.</summary>
    public Member GetOrAddMember(string email) =>
        membersByEmail.GetOrAdd(email, address => new Member(Guid.NewGuid(), address));

    /// <summary>Creates and stores a credential with a new id, secret and creation time.</summary>
    public DistributionCredential CreateCredential(
        Guid projectId, Member member, string? comment, IReadOnlyList<string> scopes, IReadOnlyList<string> tags)
    {
        var credential = NewCredential(projectId, member, comment, scopes, tags, CurrentTime());
        Credentials.Add(credential);
        return credential;
    }

    /// <summary>
    /// Creates <paramref name="count"/> credentials in one batch. <paramref name="commentForIndex"/>
    /// gets each credential's zero-based index.
    /// </summary>
    public void Seed(
        Guid projectId,
        int count,
        Member member,
        Func<int, string?> commentForIndex,
        IReadOnlyList<string> scopes,
        IReadOnlyList<string> tags)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxSeedCount);

        var created = CurrentTime();
        var batch = new DistributionCredential[count];
        for (int i = 0; i < count; i++)
        {
            batch[i] = NewCredential(projectId, member, commentForIndex(i), scopes, tags, created);
        }

        Credentials.AddRange(batch);
    }

    /// <summary>Clears credentials, response shapes, fault rules and the request log. Keys and projects stay.</summary>
    public void Reset()
    {
        Faults.Clear();
        Config = EmulatorConfig.Default;
        Credentials.Clear();
        Requests.Clear();
    }

    private ApiKey AddKey(MemberRole role, string email)
    {
        var member = GetOrAddMember(email);
        while (true)
        {
            string key = Secrets.NewApiKey();
            var apiKey = new ApiKey(key, role, member);
            if (key != InvalidKey && keys.TryAdd(key, apiKey))
            {
                return apiKey;
            }
        }
    }

    private static DistributionCredential NewCredential(
        Guid projectId, Member member, string? comment, IReadOnlyList<string> scopes, IReadOnlyList<string> tags, DateTime created)
    {
        return new DistributionCredential
        {
            DistributionCredentialsId = Guid.NewGuid(),
            ProjectId = projectId,
            Member = member,
            Provider = Provider,
            Comment = string.IsNullOrEmpty(comment) ? null : comment,
            Scopes = scopes,
            Tags = tags,
            Created = created,
            Secret = Secrets.NewDistributionSecret(),
        };
    }

    /// <summary>Returns the current UTC time truncated to whole microseconds, the precision the live API reports.</summary>
    private static DateTime CurrentTime()
    {
        long ticks = DateTime.UtcNow.Ticks;
        return new DateTime(ticks - (ticks % 10), DateTimeKind.Utc);
    }
}
