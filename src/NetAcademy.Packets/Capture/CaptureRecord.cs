namespace NetAcademy.Packets.Capture;

/// <summary>
/// One captured packet as read from a pcap or pcapng source.
/// </summary>
/// <remarks>
/// <see cref="Data"/> points into the reader's buffer and is valid only until the next read on the
/// same reader: copy it if you keep it. That is what lets the readers run without a per-packet
/// allocation.
/// </remarks>
public readonly struct CaptureRecord
{
    /// <summary>Creates a record.</summary>
    public CaptureRecord(long timestampNanoseconds, LinkType linkType, int originalLength, int interfaceId, ReadOnlyMemory<byte> data)
    {
        TimestampNanoseconds = timestampNanoseconds;
        LinkType = linkType;
        OriginalLength = originalLength;
        InterfaceId = interfaceId;
        Data = data;
    }

    /// <summary>Capture time in nanoseconds since the Unix epoch (UTC).</summary>
    public long TimestampNanoseconds { get; }

    /// <summary>Capture time as a <see cref="DateTimeOffset"/> (100 ns precision).</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampNanoseconds / 100);

    /// <summary>Link-layer header type of <see cref="Data"/>.</summary>
    public LinkType LinkType { get; }

    /// <summary>Number of bytes captured (the length of <see cref="Data"/>).</summary>
    public int CapturedLength => Data.Length;

    /// <summary>Length of the packet on the wire; larger than <see cref="CapturedLength"/> when the snap length cut it.</summary>
    public int OriginalLength { get; }

    /// <summary>pcapng interface index; always 0 for classic pcap.</summary>
    public int InterfaceId { get; }

    /// <summary>The captured bytes, starting with the link-layer header.</summary>
    public ReadOnlyMemory<byte> Data { get; }
}
