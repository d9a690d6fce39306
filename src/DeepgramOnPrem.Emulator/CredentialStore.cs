namespace DeepgramOnPrem.Emulator;

/// <summary>
/// Distribution credentials of all projects in creation order. All members are thread-safe:
/// one lock guards the ordered dictionary, and readers get array snapshots to enumerate outside it.
/// </summary>
public sealed class CredentialStore
{
    private readonly Lock gate = new();
    private readonly OrderedDictionary<Guid, DistributionCredential> credentials = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return credentials.Count;
            }
        }
    }

    public void Add(DistributionCredential credential)
    {
        lock (gate)
        {
            credentials.Add(credential.DistributionCredentialsId, credential);
        }
    }

    public void AddRange(IReadOnlyCollection<DistributionCredential> batch)
    {
        lock (gate)
        {
            credentials.EnsureCapacity(credentials.Count + batch.Count);
            foreach (var credential in batch)
            {
                credentials.Add(credential.DistributionCredentialsId, credential);
            }
        }
    }

    /// <summary>Finds a credential by id in any project, as the registry login does.</summary>
    public DistributionCredential? Find(Guid distributionCredentialsId)
    {
        lock (gate)
        {
            return credentials.GetValueOrDefault(distributionCredentialsId);
        }
    }

    /// <summary>Finds a credential by id, or returns null when it does not exist or belongs to another project.</summary>
    public DistributionCredential? Find(Guid projectId, Guid distributionCredentialsId)
    {
        var credential = Find(distributionCredentialsId);
        return credential?.ProjectId == projectId ? credential : null;
    }

    /// <summary>Removes a credential of the given project. Returns null when there was none.</summary>
    public DistributionCredential? Remove(Guid projectId, Guid distributionCredentialsId)
    {
        lock (gate)
        {
            if (!credentials.TryGetValue(distributionCredentialsId, out var credential) || credential.ProjectId != projectId)
            {
                return null;
            }

            credentials.Remove(distributionCredentialsId);
            return credential;
        }
    }

    /// <summary>
    /// Returns a project's credentials in creation order, only those of <paramref name="memberId"/>
    /// when it is given.
    /// </summary>
    public DistributionCredential[] List(Guid projectId, Guid? memberId = null)
    {
        lock (gate)
        {
            var result = new List<DistributionCredential>(credentials.Count);
            foreach (var credential in credentials.Values)
            {
                if (credential.ProjectId == projectId && (memberId is null || credential.Member.MemberId == memberId))
                {
                    result.Add(credential);
                }
            }

            return result.ToArray();
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            credentials.Clear();
        }
    }
}
