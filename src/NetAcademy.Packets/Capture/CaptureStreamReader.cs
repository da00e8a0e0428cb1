namespace NetAcademy.Packets.Capture;

/// <summary>
/// Reads pcap or pcapng records from a stream that delivers bytes as they come, such as the
/// output of <c>tcpdump -U -w -</c> relayed over a network connection. Reads that end in the
/// middle of a header or record are buffered until the whole record is there.
/// </summary>
/// <remarks>
/// Not thread-safe. The stream is not disposed by the reader. The data of a returned record lives in
/// the reader's buffer and is valid until the next <see cref="ReadNextAsync"/> call.
/// </remarks>
public sealed class CaptureStreamReader
{
    /// <summary>Most pcapng interface descriptions one section may hold; past it the capture is refused (it comes from an untrusted node).</summary>
    public const int MaxInterfaces = CaptureParser.MaxInterfaces;

    /// <summary>Largest record or block any reader accepts (16 MiB); a live capture passes a smaller bound.</summary>
    public const int MaxBlockLength = CaptureParser.MaxBlockLength;

    private readonly CaptureParser _parser;
    private readonly Stream _stream;
    private readonly int _maxBlocksWithoutPacket;
    private readonly int _maxBlockLength;
    private int _blocksWithoutPacket;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _position;
    private bool _endOfStream;

    /// <summary>Creates a reader over <paramref name="stream"/>.</summary>
    /// <param name="stream">The capture stream; read from, never written or disposed.</param>
    /// <param name="bufferSize">Initial buffer size; it grows when a record is larger, up to <paramref name="maxBlockLength"/>.</param>
    /// <param name="maxBlockLength">Largest record or block accepted (and so the most the buffer grows to); at most
    /// <see cref="MaxBlockLength"/>. A larger one ends the read with a <see cref="CaptureFormatException"/>.</param>
    /// <param name="maxBlocksWithoutPacket">Most headers and non-packet blocks (section headers, interface descriptions,
    /// statistics, unknown blocks) in a row; past it the read ends with a <see cref="CaptureFormatException"/>. A capture
    /// program writes a few before its first packet; a stream of nothing else is not a capture. Unbounded by default.</param>
    public CaptureStreamReader(Stream stream, int bufferSize = 64 * 1024, int maxBlockLength = MaxBlockLength, int maxBlocksWithoutPacket = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlocksWithoutPacket, 1);
        _stream = stream;
        _parser = new CaptureParser(maxBlockLength);
        _buffer = new byte[Math.Min(bufferSize, maxBlockLength)];
        _maxBlocksWithoutPacket = maxBlocksWithoutPacket;
        _maxBlockLength = maxBlockLength;
    }

    /// <summary>Waits for and returns the next packet record.</summary>
    /// <param name="cancellationToken">Cancels the wait for more data.</param>
    /// <returns>The record, or <c>null</c> when the stream ended cleanly between records.</returns>
    /// <exception cref="CaptureFormatException">The data is not a valid capture or the stream ended inside a record.</exception>
    public async ValueTask<CaptureRecord?> ReadNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = _parser.TryParse(_buffer.AsSpan(_start, _end - _start), _position, out var consumed, out var needed, out var header);
            if (result != ParseResult.NeedMoreData)
            {
                var recordStart = _start;
                _start += consumed;
                _position += consumed;
                if (result == ParseResult.Record)
                {
                    _blocksWithoutPacket = 0;
                    var data = new ReadOnlyMemory<byte>(_buffer, recordStart + header.DataOffset, header.CapturedLength);
                    return new CaptureRecord(header.TimestampNanoseconds, header.LinkType, header.OriginalLength, header.InterfaceId, data);
                }

                if (++_blocksWithoutPacket > _maxBlocksWithoutPacket)
                {
                    throw new CaptureFormatException(
                        $"more than {_maxBlocksWithoutPacket} headers and blocks in a row without a packet; no capture program writes that", _position - consumed);
                }

                continue;
            }

            if (_endOfStream)
            {
                if (_end == _start)
                {
                    return null;
                }

                throw new CaptureFormatException($"capture stream ended inside a record: {needed} bytes needed, {_end - _start} received", _position);
            }

            MakeRoom(needed);
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }
    }

    private void MakeRoom(int needed)
    {
        var pending = _end - _start;
        if (needed > _buffer.Length)
        {
            // The parser never asks for more than the largest block, so neither does the buffer grow past it.
            var grown = new byte[Math.Max(needed, (int)Math.Min(_buffer.Length * 2L, _maxBlockLength))];
            _buffer.AsSpan(_start, pending).CopyTo(grown);
            _buffer = grown;
        }
        else if (_end == _buffer.Length || _buffer.Length - _start < needed)
        {
            // Moving the pending bytes only when the tail is full keeps copying rare.
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }
        else
        {
            return;
        }

        _start = 0;
        _end = pending;
    }
}
