using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// Base of every cmdlet in the module: a cancellation token that Ctrl+C (StopProcessing)
    /// cancels, and a way to run async work while its log lines are written from the pipeline
    /// thread, the only thread PowerShell lets write to streams.
    /// </summary>
    public abstract class DgCmdlet : PSCmdlet, IDisposable
    {
        private readonly ConcurrentQueue<PendingWrite> _pending = new ConcurrentQueue<PendingWrite>();
        private readonly AutoResetEvent _signal = new AutoResetEvent(false);

        // Writes held back by RunHoldingWrites; touched only on the pipeline thread.
        private readonly List<Action> _held = new List<Action>();
        private CancellationTokenSource _cancellation = new CancellationTokenSource();
        private bool _progressShown;
        private bool _holding;

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken CancellationToken => _cancellation.Token;

        protected override void BeginProcessing()
        {
            _cancellation = new CancellationTokenSource();
        }

        protected override void StopProcessing()
        {
            _cancellation.Cancel();
            _signal.Set();
        }

        public void Dispose()
        {
            _cancellation.Dispose();
            _signal.Dispose();
        }

        /// <summary>
        /// Queues a write for the pipeline thread. Safe from any thread; used by the log adapter.
        /// A progress write is never held back by <see cref="RunHoldingWrites{T}"/>.
        /// </summary>
        /// <remarks>
        /// Only a progress write wakes the pipeline thread at once. A verbose or debug line waits
        /// until the work ends, a progress write arrives or the 100 ms wake-up in <see cref="Run{T}"/>
        /// comes, because every request logs a line, and waking the thread for it cost a thread
        /// switch per request.
        /// </remarks>
        internal void Post(Action write, bool isProgress = false)
        {
            _pending.Enqueue(new PendingWrite(write, isProgress));
            if (isProgress)
            {
                _signal.Set();
            }
        }

        /// <summary>
        /// Runs <paramref name="work"/> like <see cref="Run{T}"/>, but keeps its verbose and debug
        /// lines back until <see cref="ReleaseHeldWrites"/>, so the caller can act on the result,
        /// such as registering a new secret with CI log masking, before any of them is written.
        /// Progress records still show, because a retry wait can be long and they carry no response data.
        /// </summary>
        protected T RunHoldingWrites<T>(Func<CancellationToken, Task<T>> work)
        {
            _holding = true;
            return Run(work);
        }

        /// <summary>Writes the lines held back by <see cref="RunHoldingWrites{T}"/>, in order.</summary>
        protected void ReleaseHeldWrites()
        {
            _holding = false;
            foreach (Action write in _held)
            {
                write();
            }

            _held.Clear();
        }

        /// <summary>
        /// Runs <paramref name="work"/> on the thread pool and pumps its log writes on this thread
        /// until it ends. Cancellation surfaces as <see cref="PipelineStoppedException"/>.
        /// </summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            CancellationToken token = CancellationToken;

            // The work starts on this thread and, since the Api layer never resumes on a captured
            // context, continues on the thread pool after its first real wait. Work that finishes
            // synchronously, such as reading an already buffered list entry, costs no thread hop.
            Task<T> task;
            try
            {
                task = work(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

            if (!task.IsCompleted)
            {
                task.ContinueWith(_ => _signal.Set(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            while (!task.IsCompleted)
            {
                // Wakes on each progress write and when the work ends, and every 100 ms regardless.
                _signal.WaitOne(100);
                Drain();
            }

            Drain();
            CompleteProgress();
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected void Run(Func<CancellationToken, Task> work) =>
            Run<bool>(async token =>
            {
                await work(token).ConfigureAwait(false);
                return true;
            });

        /// <summary>
        /// Writes a verbose line, or a debug line under -Debug without -Verbose. For a cmdlet called
        /// with -Debug alone, PowerShell 7.6 makes the verbose preference Inquire, so every line
        /// would prompt, and in a non-interactive session, such as a pipeline job, the prompt fails
        /// the command. -Debug shows debug lines instead.
        /// </summary>
        /// <remarks>It hides <see cref="Cmdlet.WriteVerbose"/>, so calls through a <see cref="Cmdlet"/> reference bypass it.</remarks>
        public new void WriteVerbose(string text)
        {
            if (IsDebugWithout("Verbose"))
            {
                WriteDebug(text);
                return;
            }

            base.WriteVerbose(text);
        }

        /// <summary>
        /// Writes a warning, or a debug line starting "WARNING: " under -Debug without -WarningAction,
        /// for the same reason as <see cref="WriteVerbose"/>: PowerShell makes the warning preference
        /// Inquire under -Debug.
        /// </summary>
        public new void WriteWarning(string text)
        {
            if (IsDebugWithout("WarningAction"))
            {
                WriteDebug("WARNING: " + text);
                return;
            }

            base.WriteWarning(text);
        }

        private bool IsDebugWithout(string parameterName)
        {
            var bound = MyInvocation.BoundParameters;
            return bound.TryGetValue("Debug", out object? debug)
                && debug is SwitchParameter flag
                && flag.IsPresent
                && !bound.ContainsKey(parameterName);
        }

        internal void ShowRetryProgress(string activity, TimeSpan delay, int retry, int maxRetries)
        {
            var record = new ProgressRecord(
                0x4447,
                "Waiting to retry " + activity,
                "Retry " + retry + " of " + maxRetries + " in " + Math.Ceiling(delay.TotalSeconds) + " s")
            {
                SecondsRemaining = (int)Math.Ceiling(delay.TotalSeconds),
            };
            WriteProgress(record);
            _progressShown = true;
        }

        private void CompleteProgress()
        {
            if (_progressShown)
            {
                WriteProgress(new ProgressRecord(0x4447, "Waiting to retry", "Done") { RecordType = ProgressRecordType.Completed });
                _progressShown = false;
            }
        }

        private void Drain()
        {
            while (_pending.TryDequeue(out PendingWrite pending))
            {
                if (_holding && !pending.IsProgress)
                {
                    _held.Add(pending.Write);
                    continue;
                }

                pending.Write();
            }
        }

        private readonly struct PendingWrite
        {
            public PendingWrite(Action write, bool isProgress)
            {
                Write = write;
                IsProgress = isProgress;
            }

            public Action Write { get; }

            public bool IsProgress { get; }
        }
    }
}
