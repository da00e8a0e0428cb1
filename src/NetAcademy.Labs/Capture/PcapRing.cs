using System.Buffers.Binary;
using NetAcademy.Packets.Capture;

namespace NetAcademy.Labs.Capture;

/// <summary>
/// The raw packets of one capture for download, in a fixed-size byte ring: when it is full the oldest
/// packets are dropped, whole. A snapshot is always a valid pcap file (nanosecond-resolution header, then
/// complete records), however many packets were dropped.
/// </summary>
/// <remarks>
/// Thread-safe: one writer and any number of snapshot readers. Records never wrap around the end of the
/// array, so a snapshot copies each one as a single slice; the space left at the end when a record does not
/// fit is reused on the next lap.
/// </remarks>
public sealed class PcapRing
{
    /// <summary>Size of the pcap file header.</summary>
    public const int FileHeaderLength = 24;

    /// <summary>Size of a pcap record header.</summary>
    public const int RecordHeaderLength = 16;

    private const uint NanosecondMagic = 0xa1b23c4d;
    private const int InitialBytes = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly Queue<Slot> _records = new();
    private readonly int _capacity;
    private byte[] _buffer;
    private readonly int _snapLength;
    private LinkType? _linkType;
    private int _head;
    private long _storedBytes;
    private long _total;
    private long _dropped;

    /// <summary>Creates a ring of <paramref name="capacityBytes"/> bytes.</summary>
    /// <param name="capacityBytes">Bytes for records (headers included); the file header is extra.</param>
    /// <param name="snapLength">Snap length written in the file header.</param>
    public PcapRing(int capacityBytes, int snapLength = 262_144)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, 64);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(snapLength);
        _capacity = capacityBytes;
        _buffer = new byte[Math.Min(capacityBytes, InitialBytes)];
        _snapLength = snapLength;
    }

    /// <summary>Capacity for records in bytes.</summary>
    public int Capacity => _capacity;

    /// <summary>Bytes allocated now: the ring grows by doubling up to <see cref="Capacity"/>, so an idle capture costs little.</summary>
    public int AllocatedBytes { get { lock (_gate) { return _buffer.Length; } } }

    /// <summary>Packets offered to the ring so far.</summary>
    public long TotalPackets { get { lock (_gate) { return _total; } } }

    /// <summary>Packets held now.</summary>
    public long StoredPackets { get { lock (_gate) { return _records.Count; } } }

    /// <summary>Packets dropped: the oldest, to make room, or ones larger than the whole ring.</summary>
    public long DroppedPackets { get { lock (_gate) { return _dropped; } } }

    /// <summary>Bytes of records held now (headers included).</summary>
    public long StoredBytes { get { lock (_gate) { return _storedBytes; } } }

    /// <summary>
    /// Adds a packet, dropping the oldest ones until it fits. The first packet fixes the file's link type;
    /// a packet of another link type cannot be stored in the same pcap file and is dropped.
    /// </summary>
    /// <param name="timestampNanoseconds">Capture time, nanoseconds since the Unix epoch.</param>
    /// <param name="linkType">Link type of <paramref name="data"/>.</param>
    /// <param name="originalLength">Length on the wire.</param>
    /// <param name="data">Captured bytes.</param>
    /// <returns>False when the packet was not stored.</returns>
    public bool Append(long timestampNanoseconds, LinkType linkType, int originalLength, ReadOnlySpan<byte> data)
    {
        var length = RecordHeaderLength + data.Length;
        lock (_gate)
        {
            _total++;
            _linkType ??= linkType;
            if (length > _capacity || _linkType != linkType)
            {
                _dropped++;
                return false;
            }

            var offset = Reserve(length);
            var record = _buffer.AsSpan(offset, length);
            var seconds = timestampNanoseconds / 1_000_000_000L;
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)seconds);
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(timestampNanoseconds - (seconds * 1_000_000_000L)));
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)Math.Max(originalLength, data.Length));
            data.CopyTo(record[RecordHeaderLength..]);
            _records.Enqueue(new Slot(offset, length));
            _head = offset + length;
            _storedBytes += length;
            return true;
        }
    }

    /// <summary>Copies the ring out as a complete pcap file.</summary>
    public byte[] ToPcap()
    {
        lock (_gate)
        {
            var file = new byte[FileHeaderLength + _storedBytes];
            var span = file.AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(span, NanosecondMagic);
            BinaryPrimitives.WriteUInt16LittleEndian(span[4..], 2);
            BinaryPrimitives.WriteUInt16LittleEndian(span[6..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(span[16..], (uint)_snapLength);
            BinaryPrimitives.WriteUInt32LittleEndian(span[20..], (uint)(_linkType ?? LinkType.Ethernet));
            var at = FileHeaderLength;
            foreach (var slot in _records)
            {
                _buffer.AsSpan(slot.Offset, slot.Length).CopyTo(span[at..]);
                at += slot.Length;
            }
            return file;
        }
    }

    /// <summary>Finds room for <paramref name="length"/> contiguous bytes, dropping the oldest records as needed.</summary>
    private int Reserve(int length)
    {
        if (_buffer.Length < _capacity && _buffer.Length - _head < length)
        {
            // Until the ring first fills, records lie in order from offset 0 to the head, so growing is one copy.
            var grown = new byte[(int)Math.Min(_capacity, Math.Max(2L * _buffer.Length, (long)_head + length))];
            _buffer.AsSpan(0, _head).CopyTo(grown);
            _buffer = grown;
        }

        while (true)
        {
            if (_records.Count == 0)
            {
                _head = 0;
                return 0;
            }

            var tail = _records.Peek().Offset;
            if (tail >= _head)
            {
                // Occupied from tail round to head: the only free run is between head and tail.
                if (tail - _head >= length)
                {
                    return _head;
                }
            }
            else if (_buffer.Length - _head >= length)
            {
                return _head;
            }
            else if (tail >= length)
            {
                // Skip the end of the array; that gap is free again once the head passes it.
                return 0;
            }

            var dropped = _records.Dequeue();
            _storedBytes -= dropped.Length;
            _dropped++;
        }
    }

    private readonly record struct Slot(int Offset, int Length);
}
