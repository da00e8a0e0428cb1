using System.Buffers.Binary;

namespace NetAcademy.Packets.Capture;

/// <summary>
/// The format state machine shared by <see cref="CaptureBufferReader"/> and
/// <see cref="CaptureStreamReader"/>: given the unread bytes, it either consumes one header, record
/// or block, or says how many bytes it needs before it can. It never reads from I/O itself, which
/// is what makes partial network reads and whole files go through the same code.
/// </summary>
internal sealed class CaptureParser
{
    /// <summary>Largest record or block accepted; larger values mean corruption, not a real packet.</summary>
    public const int MaxBlockLength = 16 * 1024 * 1024;

    /// <summary>
    /// Most interface descriptions one section may hold. tcpdump writes one per interface it captures on; the bytes
    /// come from a node whose root user can replace tcpdump, and every description is kept until the section ends.
    /// </summary>
    public const int MaxInterfaces = 1024;

    private const uint PcapMicro = 0xa1b2c3d4;
    private const uint PcapMicroSwapped = 0xd4c3b2a1;
    private const uint PcapNano = 0xa1b23c4d;
    private const uint PcapNanoSwapped = 0x4d3cb2a1;
    private const uint SectionHeaderBlock = 0x0A0D0D0A;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const uint ByteOrderMagicSwapped = 0x4D3C2B1A;

    private readonly List<Interface> _interfaces = [];
    private readonly int _maxBlockLength;
    private Format _format;
    private bool _bigEndian;
    private bool _nanoseconds;
    private LinkType _pcapLinkType;
    private long _lastTimestamp;

    private enum Format
    {
        Unknown,
        Pcap,
        PcapNg,
    }

    /// <summary>Creates a parser.</summary>
    /// <param name="maxBlockLength">Largest record or block accepted, at most <see cref="MaxBlockLength"/>.</param>
    public CaptureParser(int maxBlockLength = MaxBlockLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockLength, 64);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBlockLength, MaxBlockLength);
        _maxBlockLength = maxBlockLength;
    }

    /// <summary>
    /// Tries to consume the next unit from <paramref name="buffer"/>.
    /// </summary>
    /// <param name="buffer">Unread bytes.</param>
    /// <param name="position">Absolute offset of <paramref name="buffer"/> in the capture, for error messages.</param>
    /// <param name="consumed">Bytes consumed (0 when more data is needed).</param>
    /// <param name="needed">When more data is needed: the total number of unread bytes required.</param>
    /// <param name="record">The record header when the result is <see cref="ParseResult.Record"/>.</param>
    /// <exception cref="CaptureFormatException">The bytes are not a valid capture.</exception>
    public ParseResult TryParse(ReadOnlySpan<byte> buffer, long position, out int consumed, out int needed, out RecordHeader record)
    {
        consumed = 0;
        needed = 0;
        record = default;
        return _format switch
        {
            Format.Unknown => ParseFileHeader(buffer, position, out consumed, out needed),
            Format.Pcap => ParsePcapRecord(buffer, position, out consumed, out needed, out record),
            _ => ParsePcapNgBlock(buffer, position, out consumed, out needed, out record),
        };
    }

    private ParseResult ParseFileHeader(ReadOnlySpan<byte> buffer, long position, out int consumed, out int needed)
    {
        consumed = 0;
        if (buffer.Length < 4)
        {
            needed = 4;
            return ParseResult.NeedMoreData;
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        if (magic == SectionHeaderBlock)
        {
            // The section header is parsed as an ordinary block so that later sections work too.
            _format = Format.PcapNg;
            needed = 0;
            return ParseResult.Skipped;
        }

        (_bigEndian, _nanoseconds) = magic switch
        {
            PcapMicro => (false, false),
            PcapMicroSwapped => (true, false),
            PcapNano => (false, true),
            PcapNanoSwapped => (true, true),
            _ => throw new CaptureFormatException($"not a pcap or pcapng capture: unknown magic 0x{magic:x8}", position),
        };
        if (buffer.Length < 24)
        {
            needed = 24;
            return ParseResult.NeedMoreData;
        }

        var major = ReadUInt16(buffer[4..]);
        if (major != 2)
        {
            throw new CaptureFormatException($"unsupported pcap version {major}.{ReadUInt16(buffer[6..])}", position + 4);
        }

        // The upper bits of the link-type field carry FCS information, not the type.
        _pcapLinkType = (LinkType)(ReadUInt32(buffer[20..]) & 0xFFFF);
        _format = Format.Pcap;
        consumed = 24;
        needed = 0;
        return ParseResult.Skipped;
    }

    private ParseResult ParsePcapRecord(ReadOnlySpan<byte> buffer, long position, out int consumed, out int needed, out RecordHeader record)
    {
        consumed = 0;
        record = default;
        if (buffer.Length < 16)
        {
            needed = 16;
            return ParseResult.NeedMoreData;
        }

        var seconds = ReadUInt32(buffer);
        var fraction = ReadUInt32(buffer[4..]);
        var captured = ReadUInt32(buffer[8..]);
        var original = ReadUInt32(buffer[12..]);
        if (captured > _maxBlockLength - 16)
        {
            throw new CaptureFormatException($"pcap record claims {captured} captured bytes", position + 8);
        }

        if (buffer.Length < 16 + (int)captured)
        {
            needed = 16 + (int)captured;
            return ParseResult.NeedMoreData;
        }

        var nanos = (seconds * 1_000_000_000L) + (_nanoseconds ? fraction : fraction * 1000L);
        record = new RecordHeader(nanos, _pcapLinkType, (int)Math.Min(original, int.MaxValue), 0, 16, (int)captured);
        consumed = 16 + (int)captured;
        needed = 0;
        return ParseResult.Record;
    }

    private ParseResult ParsePcapNgBlock(ReadOnlySpan<byte> buffer, long position, out int consumed, out int needed, out RecordHeader record)
    {
        consumed = 0;
        record = default;
        if (buffer.Length < 12)
        {
            needed = 12;
            return ParseResult.NeedMoreData;
        }

        var rawType = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        if (rawType == SectionHeaderBlock)
        {
            var bom = BinaryPrimitives.ReadUInt32LittleEndian(buffer[8..]);
            _bigEndian = bom switch
            {
                ByteOrderMagic => false,
                ByteOrderMagicSwapped => true,
                _ => throw new CaptureFormatException($"pcapng section header has bad byte-order magic 0x{bom:x8}", position + 8),
            };
        }

        var type = ReadUInt32(buffer);
        var length = ReadUInt32(buffer[4..]);
        if (length < 12 || length % 4 != 0 || length > _maxBlockLength)
        {
            throw new CaptureFormatException($"pcapng block of type 0x{type:x8} has invalid length {length}", position + 4);
        }

        var blockLength = (int)length;
        if (buffer.Length < blockLength)
        {
            needed = blockLength;
            return ParseResult.NeedMoreData;
        }

        if (ReadUInt32(buffer[(blockLength - 4)..]) != length)
        {
            throw new CaptureFormatException($"pcapng block of type 0x{type:x8}: trailing length does not match {length}", position + blockLength - 4);
        }

        var block = buffer[..blockLength];
        consumed = blockLength;
        needed = 0;
        switch (type)
        {
            case SectionHeaderBlock:
                _interfaces.Clear();
                return ParseResult.Skipped;
            case 1:
                ParseInterface(block, position);
                return ParseResult.Skipped;
            case 6:
            case 2:
                record = ParsePacketBlock(block, type, position);
                return ParseResult.Record;
            case 3:
                record = ParseSimplePacket(block, position);
                return ParseResult.Record;
            default:
                return ParseResult.Skipped;
        }
    }

    private void ParseInterface(ReadOnlySpan<byte> block, long position)
    {
        if (block.Length < 20)
        {
            throw new CaptureFormatException("pcapng interface description block is too short", position);
        }

        var linkType = (LinkType)ReadUInt16(block[8..]);
        var snapLength = ReadUInt32(block[12..]);
        var iface = new Interface(linkType, snapLength, 6, false, 0);
        var options = block[16..^4];
        while (options.Length >= 4)
        {
            var code = ReadUInt16(options);
            var optionLength = ReadUInt16(options[2..]);
            if (code == 0 || 4 + optionLength > options.Length)
            {
                break;
            }

            var value = options.Slice(4, optionLength);
            if (code == 9 && optionLength >= 1)
            {
                iface = iface with { Resolution = value[0] & 0x7F, BinaryResolution = (value[0] & 0x80) != 0 };
            }
            else if (code == 14 && optionLength >= 8)
            {
                iface = iface with { OffsetSeconds = (long)ReadUInt64(value) };
            }

            options = options[Math.Min(options.Length, 4 + ((optionLength + 3) & ~3))..];
        }

        if (_interfaces.Count >= MaxInterfaces)
        {
            throw new CaptureFormatException($"pcapng section describes more than {MaxInterfaces} interfaces; no capture program writes that many", position);
        }

        _interfaces.Add(iface);
    }

    private RecordHeader ParsePacketBlock(ReadOnlySpan<byte> block, uint type, long position)
    {
        if (block.Length < 32)
        {
            throw new CaptureFormatException("pcapng packet block is too short", position);
        }

        var interfaceId = type == 6 ? ReadUInt32(block[8..]) : ReadUInt16(block[8..]);
        var iface = GetInterface(interfaceId, position);
        var units = ((ulong)ReadUInt32(block[12..]) << 32) | ReadUInt32(block[16..]);
        var captured = ReadUInt32(block[20..]);
        var original = ReadUInt32(block[24..]);
        if (captured > block.Length - 32)
        {
            throw new CaptureFormatException($"pcapng packet block claims {captured} captured bytes in a {block.Length}-byte block", position + 20);
        }

        _lastTimestamp = ToNanoseconds(units, iface);
        return new RecordHeader(_lastTimestamp, iface.LinkType, (int)Math.Min(original, int.MaxValue), (int)interfaceId, 28, (int)captured);
    }

    private RecordHeader ParseSimplePacket(ReadOnlySpan<byte> block, long position)
    {
        if (block.Length < 16)
        {
            throw new CaptureFormatException("pcapng simple packet block is too short", position);
        }

        var iface = GetInterface(0, position);
        var original = ReadUInt32(block[8..]);
        long captured = Math.Min(original, block.Length - 16);
        if (iface.SnapLength > 0)
        {
            captured = Math.Min(captured, iface.SnapLength);
        }

        // A simple packet block has no timestamp; repeating the previous one keeps relative times monotonic.
        return new RecordHeader(_lastTimestamp, iface.LinkType, (int)Math.Min(original, int.MaxValue), 0, 12, (int)captured);
    }

    private Interface GetInterface(uint id, long position)
    {
        if (id >= _interfaces.Count)
        {
            throw new CaptureFormatException($"pcapng packet refers to interface {id} but only {_interfaces.Count} are described", position);
        }

        return _interfaces[(int)id];
    }

    private static long ToNanoseconds(ulong units, Interface iface)
    {
        UInt128 nanos;
        if (iface.BinaryResolution)
        {
            nanos = ((UInt128)units * 1_000_000_000UL) >> Math.Min(iface.Resolution, 127);
        }
        else if (iface.Resolution <= 9)
        {
            nanos = (UInt128)units * Pow10(9 - iface.Resolution);
        }
        else
        {
            nanos = units / (iface.Resolution - 9 >= 20 ? ulong.MaxValue : Pow10(iface.Resolution - 9));
        }

        var clamped = nanos > long.MaxValue ? long.MaxValue : (long)nanos;
        return unchecked(clamped + (iface.OffsetSeconds * 1_000_000_000L));
    }

    private static ulong Pow10(int exponent)
    {
        var value = 1UL;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }

    private ushort ReadUInt16(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);

    private uint ReadUInt32(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);

    private ulong ReadUInt64(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span);

    private readonly record struct Interface(LinkType LinkType, uint SnapLength, int Resolution, bool BinaryResolution, long OffsetSeconds);
}

/// <summary>What <see cref="CaptureParser.TryParse"/> did with the bytes it was given.</summary>
internal enum ParseResult
{
    /// <summary>Nothing consumed: the next unit is longer than the bytes available.</summary>
    NeedMoreData,

    /// <summary>A header or non-packet block was consumed.</summary>
    Skipped,

    /// <summary>A packet record was consumed.</summary>
    Record,
}

/// <summary>A parsed record: where its data sits inside the consumed bytes, and its metadata.</summary>
internal readonly record struct RecordHeader(long TimestampNanoseconds, LinkType LinkType, int OriginalLength, int InterfaceId, int DataOffset, int CapturedLength);
