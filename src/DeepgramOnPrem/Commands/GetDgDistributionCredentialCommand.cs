using System;
using System.Management.Automation;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists a project's distribution credentials, or gets them by id. Secrets are never returned.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DgDistributionCredential", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(DgDistributionCredential))]
    public sealed class GetDgDistributionCredentialCommand : DgApiCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        /// <summary>
        /// <para type="description">Id of the project whose credentials to read. Accepts pipeline input by property name, so Get-DgProject output pipes in.</para>
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProjectIdCompleter))]
        public Guid ProjectId { get; set; }

        /// <summary>
        /// <para type="description">Ids of the credentials to get. Accepts pipeline input by property name.</para>
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public Guid[] DistributionCredentialId { get; set; } = Array.Empty<Guid>();

        /// <summary>
        /// <para type="description">Returns only credentials whose comment matches; wildcards are allowed.</para>
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [SupportsWildcards]
        public string? Comment { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (Guid id in DistributionCredentialId)
                {
                    try
                    {
                        DistributionCredentialInfo info = Run(token => Client.GetCredentialAsync(ProjectId, id, token));
                        WriteObject(new DgDistributionCredential(info));
                    }
                    catch (DeepgramApiException ex)
                    {
                        ReportApiError(ex, ApiOperation.GetCredential, id);
                    }
                }

                return;
            }

            WildcardPattern? filter = null;
            if (Comment != null)
            {
                filter = CreateWildcard(Comment, nameof(Comment));
                if (filter == null)
                {
                    return;
                }
            }
            try
            {
                // Entries are written as they arrive, so a long list starts showing before it has been read.
                using CredentialListReader reader = Run(token => Client.OpenCredentialListAsync(ProjectId, token));
                while (true)
                {
                    DistributionCredentialInfo? info = Run(token => reader.ReadNextAsync(token));
                    if (info == null)
                    {
                        break;
                    }

                    if (filter == null || filter.IsMatch(info.Comment ?? string.Empty))
                    {
                        WriteObject(new DgDistributionCredential(info));
                    }
                }
            }
            catch (DeepgramApiException ex)
            {
                ReportApiError(ex, ApiOperation.ListCredentials, ProjectId);
            }
        }
    }
}
