using System.Buffers.Binary;
using NetAcademy.Packets.Capture;

namespace NetAcademy.Packets.Decoding;

/// <summary>
/// The state of one decode: the frame, the stack being filled and whether truncation is expected
/// (inside an ICMP error's quoted packet or a first fragment, where headers legitimately claim
/// more bytes than are present). Split by protocol family over several files.
/// </summary>
internal ref partial struct DecodeContext
{
    private readonly ReadOnlySpan<byte> _frame;
    private readonly ref LayerStack _stack;
    private bool _lenient;
    private bool _quoted;

    public DecodeContext(ReadOnlySpan<byte> frame, ref LayerStack stack)
    {
        _frame = frame;
        _stack = ref stack;
    }

    public void DecodeLink(LinkType linkType)
    {
        switch (linkType)
        {
            case LinkType.Ethernet:
                DecodeEthernet(0, _frame.Length);
                break;
            case LinkType.LinuxSll:
                DecodeSll(0, 1);
                break;
            case LinkType.LinuxSll2:
                DecodeSll(0, 2);
                break;
            case LinkType.Raw:
                DecodeRawIp(0, _frame.Length);
                break;
            case LinkType.IPv4:
                DecodeIPv4(0, _frame.Length);
                break;
            case LinkType.IPv6:
                DecodeIPv6(0, _frame.Length);
                break;
        }
    }

    private readonly ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(_frame[offset..]);

    private readonly uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(_frame[offset..]);

    /// <summary>Adds a layer; returns its index, or -1 when the stack is full (decoding then stops).</summary>
    private int Add(LayerKind kind, int offset, int headerLength)
    {
        var layer = new Layer(kind, offset, headerLength);
        if (_quoted)
        {
            layer.FlagsValue |= LayerFlags.Quoted;
        }

        return _stack.Add(layer);
    }

    private ref Layer At(int index) => ref _stack.At(index);

    /// <summary>Adds a layer for a header cut short: no fields, flagged partial, and malformed unless truncation is expected here.</summary>
    private int AddTruncated(LayerKind kind, int offset, int available)
    {
        var index = Add(kind, offset, Math.Max(available, 0));
        if (index >= 0)
        {
            At(index).FlagsValue |= LayerFlags.Partial;
            if (!_lenient)
            {
                MarkMalformed(index);
            }
        }

        return index;
    }

    private void MarkMalformed(int index)
    {
        if (index >= 0)
        {
            At(index).FlagsValue |= LayerFlags.Malformed;
        }

        _stack.IsMalformed = true;
    }

    /// <summary>Marks a length problem: malformed normally, only partial where truncation is expected.</summary>
    private void MarkShort(int index)
    {
        if (_lenient)
        {
            if (index >= 0)
            {
                At(index).FlagsValue |= LayerFlags.Partial;
            }
        }
        else
        {
            MarkMalformed(index);
        }
    }
}
