namespace NetAcademy.Packets.Capture;

/// <summary>
/// Reads pcap or pcapng records from a capture held in memory (a file read with
/// <c>File.ReadAllBytes</c>, a ring buffer snapshot). Records slice the buffer; nothing is copied.
/// </summary>
/// <remarks>Not thread-safe. Both byte orders and the microsecond and nanosecond pcap variants are accepted.</remarks>
public sealed class CaptureBufferReader
{
    private readonly CaptureParser _parser = new();
    private readonly ReadOnlyMemory<byte> _capture;
    private int _position;

    /// <summary>Creates a reader over <paramref name="capture"/>.</summary>
    public CaptureBufferReader(ReadOnlyMemory<byte> capture)
    {
        _capture = capture;
    }

    /// <summary>Reads the next packet record.</summary>
    /// <param name="record">The record; its data slices the buffer given to the constructor.</param>
    /// <returns><c>false</c> at the end of the capture.</returns>
    /// <exception cref="CaptureFormatException">The capture is invalid or ends inside a record.</exception>
    public bool TryReadNext(out CaptureRecord record)
    {
        while (true)
        {
            var remaining = _capture.Span[_position..];
            if (remaining.IsEmpty)
            {
                record = default;
                return false;
            }

            var result = _parser.TryParse(remaining, _position, out var consumed, out var needed, out var header);
            if (result == ParseResult.NeedMoreData)
            {
                throw new CaptureFormatException($"capture ends inside a record: {needed} bytes needed, {remaining.Length} left", _position);
            }

            var start = _position;
            _position += consumed;
            if (result == ParseResult.Record)
            {
                var data = _capture.Slice(start + header.DataOffset, header.CapturedLength);
                record = new CaptureRecord(header.TimestampNanoseconds, header.LinkType, header.OriginalLength, header.InterfaceId, data);
                return true;
            }
        }
    }
}
