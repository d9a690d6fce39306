namespace DeepgramOnPrem.Emulator;

/// <summary>Role of an API key's member on every seeded project.</summary>
public enum MemberRole
{
    /// <summary>Project owner: may list, get, create and delete distribution credentials.</summary>
    Owner,

    /// <summary>Plain member: may list its own credentials and get any credential, but not create or delete.</summary>
    Member,
}

/// <summary>Project member that API keys belong to and that credentials are listed under.</summary>
public sealed record Member(Guid MemberId, string Email);

/// <summary>Project as <c>GET /v1/projects</c> returns it.</summary>
public sealed record Project(Guid ProjectId, string Name, string Company, bool SelfHosted);

/// <summary>API key known to the emulator, with the member it belongs to.</summary>
public sealed class ApiKey
{
    internal ApiKey(string key, MemberRole role, Member member)
    {
        Key = key;
        Role = role;
        Member = member;
    }

    /// <summary>Key as sent in <c>Authorization: Token &lt;key&gt;</c>: 40 lower-case hex characters.</summary>
    public string Key { get; }

    public MemberRole Role { get; }

    public Member Member { get; }

    public override string ToString() => $"{Role} key of {Member.Email}";
}

/// <summary>Stored distribution credential, secret included.</summary>
public sealed class DistributionCredential
{
    public required Guid DistributionCredentialsId { get; init; }

    public required Guid ProjectId { get; init; }

    /// <summary>Member the credential was created by, or assigned to by the seed endpoint.</summary>
    public required Member Member { get; init; }

    public required string Provider { get; init; }

    /// <summary>Comment, or null when it was created with an empty or absent comment.</summary>
    public string? Comment { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>Tags, empty when none were given. Empty tags are left out of every response.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>Creation time in UTC, truncated to whole microseconds as the live API reports it.</summary>
    public required DateTime Created { get; init; }

    /// <summary>Registry password: 64 upper-case letters and digits.</summary>
    public required string Secret { get; init; }

    /// <summary>Registry user name: <c>deepgram+&lt;distribution_credentials_id&gt;</c>.</summary>
    public string UserName => "deepgram+" + DistributionCredentialsId.ToString("D");

    public override string ToString() => UserName;
}
