using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DeepgramOnPrem.Api
{
    /// <summary>
    /// Streams the entries of a <c>{"distribution_credentials":[…]}</c> list body one at a time,
    /// so the first entry is available before the whole body has arrived and memory stays
    /// proportional to the largest entry, not to the list.
    /// </summary>
    public sealed class CredentialListReader : IDisposable
    {
        private const int InitialBufferSize = 16 * 1024;

        private readonly HttpResponseMessage? _response;
        private readonly Stream _stream;
        private readonly Guid _projectId;
        private readonly ResponseContext? _context;
        private byte[] _buffer = new byte[InitialBufferSize];
        private int _start;
        private int _end;
        private bool _endOfStream;
        private JsonReaderState _state;
        private Stage _stage = Stage.BeforeArray;

        private enum Stage
        {
            BeforeArray,
            InArray,
            Done,
        }

        private enum ScanResult
        {
            Entry,
            NeedMoreData,
            Done,
        }

        internal CredentialListReader(HttpResponseMessage? response, Stream stream, Guid projectId, ResponseContext? context = null)
        {
            _response = response;
            _stream = stream;
            _projectId = projectId;
            _context = context;
            _state = new JsonReaderState(new JsonReaderOptions { MaxDepth = 64 });
        }

        /// <summary>Creates a reader over any stream, for tests and for bodies already in memory.</summary>
        public static CredentialListReader FromStream(Stream stream, Guid projectId) =>
            new CredentialListReader(null, stream, projectId);

        /// <summary>Number of entries returned so far.</summary>
        public int Count { get; private set; }

        /// <summary>Number of body bytes read so far.</summary>
        public long BytesRead { get; private set; }

        /// <summary>
        /// Reads the next entry, or returns null after the last one.
        /// Throws <see cref="DeepgramApiException"/> of kind InvalidResponse on a malformed body.
        /// </summary>
        public async Task<DistributionCredentialInfo?> ReadNextAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await ReadNextEntryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DeepgramApiException ex) when (_context != null)
            {
                // The failure comes from the body, so it gets the request and status it belongs to.
                throw _context.Wrap(ex);
            }
        }

        private async Task<DistributionCredentialInfo?> ReadNextEntryAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                ScanResult result;
                int entryStart = 0;
                int entryLength = 0;
                try
                {
                    result = Scan(ref entryStart, ref entryLength);
                }
                catch (JsonException ex)
                {
                    throw new DeepgramApiException(
                        DeepgramErrorKind.InvalidResponse,
                        "The distribution credential list is not valid JSON: " + ex.Message,
                        innerException: ex);
                }

                if (result == ScanResult.Done)
                {
                    return null;
                }

                if (result == ScanResult.Entry)
                {
                    DistributionCredentialInfo info = ParseEntry(new ReadOnlyMemory<byte>(_buffer, entryStart, entryLength));
                    Count++;
                    return info;
                }

                if (_endOfStream)
                {
                    throw ResponseParser.Invalid("the list body ended before its closing bracket");
                }

                await FillAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _response?.Dispose();
        }

        private DistributionCredentialInfo ParseEntry(ReadOnlyMemory<byte> entry)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(entry);
                return ResponseParser.ReadCredentialEntry(document.RootElement, _projectId);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is FormatException)
            {
                throw new DeepgramApiException(
                    DeepgramErrorKind.InvalidResponse,
                    "A distribution credential list entry is not valid JSON: " + ex.Message,
                    innerException: ex);
            }
        }

        // Advances over buffered bytes. The reader state and position are committed only after a
        // whole step (a property with its value, or a whole entry), so a step cut off by the end of
        // the buffer is scanned again from its start once more bytes arrive.
        private ScanResult Scan(ref int entryStart, ref int entryLength)
        {
            if (_stage == Stage.Done)
            {
                return ScanResult.Done;
            }

            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _start, _end - _start), _endOfStream, _state);
            while (true)
            {
                if (!reader.Read())
                {
                    return ScanResult.NeedMoreData;
                }

                if (_stage == Stage.BeforeArray)
                {
                    if (reader.CurrentDepth == 0)
                    {
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw ResponseParser.Invalid("the list body is not a JSON object");
                        }

                        Commit(ref reader);
                        continue;
                    }

                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        throw ResponseParser.Invalid("the list has no 'distribution_credentials' array");
                    }

                    bool isList = reader.ValueTextEquals("distribution_credentials");
                    if (!reader.Read())
                    {
                        return ScanResult.NeedMoreData;
                    }

                    if (isList)
                    {
                        if (reader.TokenType == JsonTokenType.Null)
                        {
                            _stage = Stage.Done;
                            return ScanResult.Done;
                        }

                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw ResponseParser.Invalid("'distribution_credentials' is not an array");
                        }

                        _stage = Stage.InArray;
                        Commit(ref reader);
                        continue;
                    }

                    if (!reader.TrySkip())
                    {
                        return ScanResult.NeedMoreData;
                    }

                    Commit(ref reader);
                    continue;
                }

                // Stage.InArray: each token here starts an entry or closes the array.
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    // The rest of the body (other properties, the closing brace) carries nothing needed.
                    _stage = Stage.Done;
                    return ScanResult.Done;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw ResponseParser.Invalid("a 'distribution_credentials' entry is not an object");
                }

                int start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    return ScanResult.NeedMoreData;
                }

                entryStart = _start + start;
                entryLength = (int)reader.BytesConsumed - start;
                Commit(ref reader);
                return ScanResult.Entry;
            }
        }

        private void Commit(ref Utf8JsonReader reader)
        {
            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _start, _end - _start), _endOfStream, _state);
        }

        private async Task FillAsync(CancellationToken cancellationToken)
        {
            int pending = _end - _start;
            if (_start > 0)
            {
                // Entries returned earlier are parsed already, so their bytes can be dropped.
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
                _start = 0;
                _end = pending;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
            BytesRead += read;
        }
    }
}
