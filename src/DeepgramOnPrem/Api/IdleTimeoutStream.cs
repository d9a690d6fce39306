using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DeepgramOnPrem.Api
{
    /// <summary>
    /// A read-only stream that fails with a <see cref="DeepgramApiException"/> of kind Timeout when
    /// one read waits longer than the idle timeout, so a stalled streamed body cannot hang forever
    /// while a long, steadily arriving one is never cut off.
    /// </summary>
    internal sealed class IdleTimeoutStream : Stream
    {
        private readonly Stream _inner;
        private readonly TimeSpan _idleTimeout;

        public IdleTimeoutStream(Stream inner, TimeSpan idleTimeout)
        {
            _inner = inner;
            _idleTimeout = idleTimeout;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_idleTimeout);
            try
            {
                return await _inner.ReadAsync(buffer, offset, count, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DeepgramApiException(
                    DeepgramErrorKind.Timeout,
                    "The response body stopped arriving for " + _idleTimeout.TotalSeconds + " s.");
            }
            catch (Exception ex) when (ex is IOException || ex is System.Net.Http.HttpRequestException || ex is ObjectDisposedException)
            {
                throw new DeepgramApiException(
                    DeepgramErrorKind.Network,
                    "The connection failed while the response body was read: " + ex.Message,
                    innerException: ex);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
