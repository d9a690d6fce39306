using System;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem.Commands
{
    /// <summary>Sends the Api layer's log to a cmdlet's verbose, debug and progress streams.</summary>
    internal sealed class CmdletLog : IDeepgramLog
    {
        private readonly DgCmdlet _cmdlet;

        public CmdletLog(DgCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public void Verbose(string message) => _cmdlet.Post(() => _cmdlet.WriteVerbose(message));

        public void Debug(string message) => _cmdlet.Post(() => _cmdlet.WriteDebug(message));

        public void RetryWait(string activity, TimeSpan delay, int retry, int maxRetries) =>
            _cmdlet.Post(() => _cmdlet.ShowRetryProgress(activity, delay, retry, maxRetries), isProgress: true);
    }
}
