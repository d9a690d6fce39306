using System;
using System.Management.Automation;
using System.Security;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// Lets a <see cref="DgDistributionCredential"/> parameter take one that went through PowerShell
    /// serialization, such as Import-Clixml output or the output of Start-Job or a remote session.
    /// Such an object is a property bag with the type name
    /// <c>Deserialized.DeepgramOnPrem.DgDistributionCredential</c>, and its Secret property is a
    /// SecureString again (after Import-Clixml on Windows, only for the user and computer that
    /// exported it). Without this transformation, PowerShell binds it to -Credential through the
    /// PSCredential(PSObject) constructor, which finds no Password and so no secret.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DistributionCredentialTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>The type name that PowerShell gives a deserialized credential.</summary>
        internal static readonly string DeserializedTypeName = "Deserialized." + typeof(DgDistributionCredential).FullName;

        /// <summary>
        /// Returns a <see cref="DgDistributionCredential"/> rebuilt from a deserialized one, or from
        /// any object with a DistributionCredentialId and a Secret property. Returns any other
        /// input unchanged, so that parameter binding goes on as usual.
        /// </summary>
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (!(inputData is PSObject wrapped) || wrapped.BaseObject is DgDistributionCredential)
            {
                return inputData;
            }

            bool deserialized = wrapped.TypeNames.Contains(DeserializedTypeName);
            if (!deserialized && (wrapped.Properties["DistributionCredentialId"] == null || wrapped.Properties["Secret"] == null))
            {
                return inputData;
            }

            return Rebuild(wrapped) ?? inputData;
        }

        /// <summary>Returns the credential that <paramref name="source"/> describes, or null when it has no valid DistributionCredentialId.</summary>
        internal static DgDistributionCredential? Rebuild(PSObject source)
        {
            Guid? id = ReadGuid(source, "DistributionCredentialId");
            if (id == null)
            {
                return null;
            }

            return new DgDistributionCredential
            {
                DistributionCredentialId = id.Value,
                ProjectId = ReadGuid(source, "ProjectId") ?? Guid.Empty,
                Provider = ReadString(source, "Provider") ?? "quay",
                Comment = ReadString(source, "Comment"),
                Scopes = ReadStrings(source, "Scopes"),
                Tags = ReadStrings(source, "Tags"),
                Created = ReadTime(source, "Created"),
                MemberId = ReadString(source, "MemberId"),
                MemberEmail = ReadString(source, "MemberEmail"),
                Registry = ReadString(source, "Registry") ?? DgDistributionCredential.DefaultRegistry,
                Secret = ReadSecret(source),
            };
        }

        private static object? Read(PSObject source, string name)
        {
            object? value = source.Properties[name]?.Value;
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        private static Guid? ReadGuid(PSObject source, string name)
        {
            object? value = Read(source, name);
            if (value is Guid guid)
            {
                return guid;
            }

            return value is string text && Guid.TryParse(text, out Guid parsed) ? parsed : (Guid?)null;
        }

        private static string? ReadString(PSObject source, string name) => Read(source, name) is string text && text.Length > 0 ? text : null;

        private static string[] ReadStrings(PSObject source, string name)
        {
            object? value = source.Properties[name]?.Value;
            return value != null && LanguagePrimitives.TryConvertTo(value, out string[] items) ? items : Array.Empty<string>();
        }

        /// <summary>
        /// Reads a DateTimeOffset, which serialization turns into a property bag. Its Ticks (the
        /// clock time) and Offset properties rebuild it exactly.
        /// </summary>
        private static DateTimeOffset? ReadTime(PSObject source, string name)
        {
            object? raw = source.Properties[name]?.Value;
            object? value = raw is PSObject wrapped ? wrapped.BaseObject : raw;
            if (value is DateTimeOffset time)
            {
                return time;
            }

            if (raw is PSObject bag && Read(bag, "Ticks") is long ticks && Read(bag, "Offset") is TimeSpan offset)
            {
                try
                {
                    return new DateTimeOffset(ticks, offset);
                }
                catch (ArgumentException)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>Reads the Secret property (a SecureString, or a plain string), else the Credential property's password.</summary>
        private static SecureString? ReadSecret(PSObject source)
        {
            switch (Read(source, "Secret"))
            {
                case SecureString secure when secure.Length > 0:
                    return secure;
                case string text when text.Length > 0:
                    return SecretConversion.ToSecureString(text);
            }

            return Read(source, "Credential") is PSCredential credential && credential.Password != null && credential.Password.Length > 0
                ? credential.Password
                : null;
        }
    }
}
