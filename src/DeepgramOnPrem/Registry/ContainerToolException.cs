using System;

namespace DeepgramOnPrem.Registry
{
    /// <summary>Why a container tool could not log in or out.</summary>
    internal enum ToolFailureKind
    {
        /// <summary>The executable does not exist or is not on PATH.</summary>
        ToolNotFound,

        /// <summary>The executable exists but the operating system could not start it.</summary>
        ToolStartFailed,

        /// <summary>The registry returned 401 or reported a wrong user name or password.</summary>
        CredentialRejected,

        /// <summary>The registry could not be reached: connection refused, unknown host, network timeout.</summary>
        RegistryUnreachable,

        /// <summary>A credential helper (credsStore, credHelpers) or the login file could not store or erase the login.</summary>
        CredentialStoreFailed,

        /// <summary>The tool did not exit within the timeout and was stopped.</summary>
        TimedOut,

        /// <summary>Any other non-zero exit.</summary>
        Other,
    }

    /// <summary>
    /// A failed container tool run. <see cref="Exception.Message"/> describes the failure and
    /// <see cref="Advice"/> what to do next. Neither contains a secret of 8 bytes or more, because
    /// the tool's output is redacted before it is quoted here.
    /// </summary>
    internal sealed class ContainerToolException : Exception
    {
        public ContainerToolException(ToolFailureKind kind, ContainerTool tool, string message, string advice, int? exitCode = null, string? toolOutput = null, Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
            Tool = tool;
            Advice = advice;
            ExitCode = exitCode;
            ToolOutput = toolOutput;
        }

        public ToolFailureKind Kind { get; }

        public ContainerTool Tool { get; }

        /// <summary>What the user can do next, one or two sentences.</summary>
        public string Advice { get; }

        /// <summary>The tool's exit code, or null when it did not run or did not exit by itself.</summary>
        public int? ExitCode { get; }

        /// <summary>The tool's standard error and output, redacted, or null when it did not run.</summary>
        public string? ToolOutput { get; }
    }
}
