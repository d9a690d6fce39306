using System;

namespace DeepgramOnPrem
{
    /// <summary>A Deepgram project.</summary>
    public sealed class DgProject
    {
        public Guid ProjectId { get; set; }

        public string Name { get; set; } = string.Empty;

        /// <summary>Company name, when the API sends one.</summary>
        public string? Company { get; set; }

        public override string ToString() => Name;
    }
}
