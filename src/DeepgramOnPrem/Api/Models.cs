using System;
using System.Collections.Generic;

namespace DeepgramOnPrem.Api
{
    /// <summary>A Deepgram project as <c>GET /v1/projects</c> returns it.</summary>
    public sealed class ProjectInfo
    {
        public ProjectInfo(Guid projectId, string name, string? company)
        {
            ProjectId = projectId;
            Name = name;
            Company = company;
        }

        public Guid ProjectId { get; }

        public string Name { get; }

        /// <summary>Company name, which only some responses include.</summary>
        public string? Company { get; }
    }

    /// <summary>
    /// One distribution credential, from any of the create, list or get shapes.
    /// <see cref="Secret"/> is set only from a create response that carried it.
    /// </summary>
    public sealed class DistributionCredentialInfo
    {
        public Guid DistributionCredentialId { get; set; }

        public Guid ProjectId { get; set; }

        public string Provider { get; set; } = "quay";

        /// <summary>Friendly name; absent or null in some list entries.</summary>
        public string? Comment { get; set; }

        public IReadOnlyList<string> Scopes { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> Tags { get; set; } = Array.Empty<string>();

        /// <summary>Creation time with the offset the server sent, never converted to local time.</summary>
        public DateTimeOffset? Created { get; set; }

        public string? MemberId { get; set; }

        public string? MemberEmail { get; set; }

        /// <summary>Registry user name, <c>deepgram+&lt;id&gt;</c>, from the response or derived from the id.</summary>
        public string UserName => "deepgram+" + DistributionCredentialId.ToString("D");

        /// <summary>Registry password; only a create response carries it.</summary>
        public string? Secret { get; set; }
    }

    /// <summary>The body the create endpoint takes.</summary>
    public sealed class CreateCredentialRequest
    {
        public CreateCredentialRequest(string comment, IReadOnlyList<string> scopes, string provider, IReadOnlyList<string>? tags)
        {
            Comment = comment;
            Scopes = scopes;
            Provider = provider;
            Tags = tags ?? Array.Empty<string>();
        }

        public string Comment { get; }

        public IReadOnlyList<string> Scopes { get; }

        public string Provider { get; }

        public IReadOnlyList<string> Tags { get; }
    }
}
