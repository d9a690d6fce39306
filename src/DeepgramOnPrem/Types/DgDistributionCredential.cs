using System;
using System.Management.Automation;
using System.Security;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem
{
    /// <summary>
    /// A distribution credential: the user name and secret that pull Deepgram's images from the
    /// registry. Only <c>New-DgDistributionCredential</c> output carries <see cref="Secret"/>.
    /// </summary>
    public sealed class DgDistributionCredential
    {
        /// <summary>The registry Deepgram publishes its self-hosted images to.</summary>
        public const string DefaultRegistry = "quay.io";

        public DgDistributionCredential()
        {
        }

        internal DgDistributionCredential(DistributionCredentialInfo info)
        {
            DistributionCredentialId = info.DistributionCredentialId;
            ProjectId = info.ProjectId;
            Provider = info.Provider;
            Comment = info.Comment;
            Scopes = Copy(info.Scopes);
            Tags = Copy(info.Tags);
            Created = info.Created;
            MemberId = info.MemberId;
            MemberEmail = info.MemberEmail;
            if (info.Secret != null)
            {
                Secret = SecretConversion.ToSecureString(info.Secret);
            }
        }

        public Guid DistributionCredentialId { get; set; }

        public Guid ProjectId { get; set; }

        public string Provider { get; set; } = "quay";

        public string? Comment { get; set; }

        public string[] Scopes { get; set; } = Array.Empty<string>();

        public string[] Tags { get; set; } = Array.Empty<string>();

        /// <summary>Creation time with the offset the server sent.</summary>
        public DateTimeOffset? Created { get; set; }

        public string? MemberId { get; set; }

        public string? MemberEmail { get; set; }

        /// <summary>Registry user name, <c>deepgram+&lt;DistributionCredentialId&gt;</c>.</summary>
        public string UserName => "deepgram+" + DistributionCredentialId.ToString("D");

        /// <summary>Registry host the credential logs in to.</summary>
        public string Registry { get; set; } = DefaultRegistry;

        /// <summary>Registry password; the API shows it once, in the create response.</summary>
        public SecureString? Secret { get; set; }

        /// <summary>True when <see cref="Secret"/> is set, so the credential can log a tool in.</summary>
        public bool HasSecret => Secret != null && Secret.Length > 0;

        /// <summary><see cref="UserName"/> and <see cref="Secret"/> as a credential, or null without a secret.</summary>
        public PSCredential? Credential => HasSecret ? new PSCredential(UserName, Secret) : null;

        public override string ToString() => UserName;

        private static string[] Copy(System.Collections.Generic.IReadOnlyList<string> items)
        {
            var copy = new string[items.Count];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = items[i];
            }

            return copy;
        }
    }
}
