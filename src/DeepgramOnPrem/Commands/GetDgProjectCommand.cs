using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the Deepgram projects the API key can see, or gets projects by id.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DgProject", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(DgProject))]
    public sealed class GetDgProjectCommand : DgApiCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        /// <summary>
        /// <para type="description">Project names to return; wildcards are allowed. Without it, every project is returned.</para>
        /// </summary>
        [Parameter(ParameterSetName = ListSet, Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>
        /// <para type="description">Ids of the projects to get. Accepts pipeline input by property name.</para>
        /// </summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProjectIdCompleter))]
        public Guid[] ProjectId { get; set; } = Array.Empty<Guid>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (Guid id in ProjectId)
                {
                    WriteProjectById(id);
                }

                return;
            }

            // Patterns are checked before the request, so a typo costs no call.
            var patterns = new List<(string Name, WildcardPattern Pattern)>();
            foreach (string name in Name ?? Array.Empty<string>())
            {
                WildcardPattern? pattern = CreateWildcard(name, nameof(Name));
                if (pattern != null)
                {
                    patterns.Add((name, pattern));
                }
            }

            if (Name != null && patterns.Count == 0)
            {
                return;
            }

            IReadOnlyList<ProjectInfo> projects;
            try
            {
                projects = Run(token => Client.ListProjectsAsync(token));
            }
            catch (DeepgramApiException ex)
            {
                ReportApiError(ex, ApiOperation.ListProjects, null);
                return;
            }

            if (Name == null)
            {
                WriteObject(projects.Select(ToOutput), enumerateCollection: true);
                return;
            }

            var written = new HashSet<Guid>();
            foreach ((string name, WildcardPattern pattern) in patterns)
            {
                bool matched = false;
                foreach (ProjectInfo project in projects.Where(p => pattern.IsMatch(p.Name)))
                {
                    matched = true;
                    if (written.Add(project.ProjectId))
                    {
                        WriteObject(ToOutput(project));
                    }
                }

                // As with Get-Process -Name, a literal name that matches nothing is an error and a pattern is not.
                if (!matched && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    string known = projects.Count == 0 ? "none" : string.Join(", ", projects.Select(p => "'" + p.Name + "'"));
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException("No project named '" + name + "' is visible to this key. Projects it can see: " + known + "."),
                        "ProjectNotFound",
                        ErrorCategory.ObjectNotFound,
                        name));
                }
            }
        }

        private void WriteProjectById(Guid id)
        {
            try
            {
                ProjectInfo project = Run(token => Client.GetProjectAsync(id, token));
                WriteObject(ToOutput(project));
            }
            catch (DeepgramApiException ex)
            {
                ReportApiError(ex, ApiOperation.GetProject, id);
            }
        }

        private static DgProject ToOutput(ProjectInfo project) =>
            new DgProject { ProjectId = project.ProjectId, Name = project.Name, Company = project.Company };
    }
}
