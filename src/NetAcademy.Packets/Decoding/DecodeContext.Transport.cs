namespace NetAcademy.Packets.Decoding;

/// <summary>Transport and control: ICMP, ICMPv6, TCP, UDP, and UDP/TCP port dispatch.</summary>
internal ref partial struct DecodeContext
{
    private void DecodeIcmp(int offset, int end)
    {
        var available = end - offset;
        if (available < 4)
        {
            AddTruncated(LayerKind.Icmp, offset, available);
            return;
        }

        var index = Add(LayerKind.Icmp, offset, Math.Min(8, available));
        if (index < 0)
        {
            return;
        }

        ref var layer = ref At(index);
        var type = _frame[offset];
        layer.W0 = type;
        layer.W1 = _frame[offset + 1];
        layer.PayloadLengthValue = Math.Max(available - 8, 0);
        if (available < 8)
        {
            layer.FlagsValue |= LayerFlags.Partial;
            MarkShort(index);
            return;
        }

        switch (type)
        {
            case 0 or 8 or 13 or 14 or 15 or 16:
                layer.W2 = U16(offset + 4);
                layer.W3 = U16(offset + 6);
                break;
            case 3 or 4 or 5 or 11 or 12:
                if (type == 3 && layer.W1 == 4)
                {
                    layer.D0 = U16(offset + 6);
                }

                DecodeQuoted(offset + 8, end, 4);
                break;
        }
    }

    private void DecodeIcmpv6(int offset, int end)
    {
        var available = end - offset;
        if (available < 4)
        {
            AddTruncated(LayerKind.Icmpv6, offset, available);
            return;
        }

        var type = _frame[offset];
        var required = type switch
        {
            135 or 136 => 24,
            134 => 16,
            _ => 8,
        };
        var index = Add(LayerKind.Icmpv6, offset, Math.Min(required, available));
        if (index < 0)
        {
            return;
        }

        ref var layer = ref At(index);
        layer.W0 = type;
        layer.W1 = _frame[offset + 1];
        layer.PayloadLengthValue = Math.Max(available - required, 0);
        if (available < required)
        {
            layer.FlagsValue |= LayerFlags.Partial;
            MarkShort(index);
            return;
        }

        switch (type)
        {
            case 128 or 129:
                layer.W2 = U16(offset + 4);
                layer.W3 = U16(offset + 6);
                break;
            case 2:
                layer.D0 = U32(offset + 4);
                DecodeQuoted(offset + 8, end, 6);
                break;
            case 1 or 3 or 4:
                DecodeQuoted(offset + 8, end, 6);
                break;
            case 134:
                layer.W2 = _frame[offset + 4];
                layer.D0 = U16(offset + 6);
                break;
            case 136:
                layer.D0 = _frame[offset + 4];
                break;
        }
    }

    /// <summary>Decodes the offending packet an ICMP error quotes; it is usually cut short, which is not malformed.</summary>
    private void DecodeQuoted(int offset, int end, int version)
    {
        // An error about an error is not decoded further: real stacks never send one and it bounds recursion.
        if (offset >= end || _quoted)
        {
            return;
        }

        var wasLenient = _lenient;
        _quoted = true;
        _lenient = true;
        if (version == 4)
        {
            DecodeIPv4(offset, end);
        }
        else
        {
            DecodeIPv6(offset, end);
        }

        _quoted = false;
        _lenient = wasLenient;
    }

    private void DecodeTcp(int offset, int end)
    {
        var available = end - offset;
        if (available < 20)
        {
            var partial = AddTruncated(LayerKind.Tcp, offset, available);
            if (partial >= 0 && available >= 4)
            {
                At(partial).W0 = U16(offset);
                At(partial).W1 = U16(offset + 2);
                if (available >= 8)
                {
                    At(partial).D0 = U32(offset + 4);
                }
            }

            return;
        }

        var headerLength = (_frame[offset + 12] >> 4) * 4;
        var index = Add(LayerKind.Tcp, offset, Math.Min(Math.Max(headerLength, 20), available));
        if (index < 0)
        {
            return;
        }

        ref var layer = ref At(index);
        layer.W0 = U16(offset);
        layer.W1 = U16(offset + 2);
        layer.D0 = U32(offset + 4);
        layer.D1 = U32(offset + 8);
        layer.W2 = (ushort)(U16(offset + 12) & 0x0FFF);
        layer.W3 = U16(offset + 14);
        if (headerLength < 20)
        {
            MarkMalformed(index);
            return;
        }

        if (headerLength > available)
        {
            MarkShort(index);
            return;
        }

        var payload = available - headerLength;
        layer.PayloadLengthValue = payload;

        // DNS over TCP: a two-byte length, then the message; only a segment that starts a message is decoded.
        if ((layer.W0 == 53 || layer.W1 == 53) && payload >= 14)
        {
            DecodeDns(offset + headerLength + 2, end);
        }
    }

    private void DecodeUdp(int offset, int end)
    {
        var available = end - offset;
        if (available < 8)
        {
            var partial = AddTruncated(LayerKind.Udp, offset, available);
            if (partial >= 0 && available >= 4)
            {
                At(partial).W0 = U16(offset);
                At(partial).W1 = U16(offset + 2);
            }

            return;
        }

        var index = Add(LayerKind.Udp, offset, 8);
        if (index < 0)
        {
            return;
        }

        ref var layer = ref At(index);
        var sourcePort = U16(offset);
        var destinationPort = U16(offset + 2);
        var length = U16(offset + 4);
        layer.W0 = sourcePort;
        layer.W1 = destinationPort;
        layer.W2 = length;
        if (length < 8)
        {
            MarkMalformed(index);
            return;
        }

        var datagramEnd = offset + length;
        if (length > available)
        {
            MarkShort(index);
            datagramEnd = end;
        }

        layer.PayloadLengthValue = datagramEnd - offset - 8;
        if (datagramEnd > offset + 8 && !DispatchUdpPort(destinationPort, offset + 8, datagramEnd))
        {
            DispatchUdpPort(sourcePort, offset + 8, datagramEnd);
        }
    }

    private bool DispatchUdpPort(ushort port, int offset, int end)
    {
        switch (port)
        {
            case 4789:
                DecodeVxlan(offset, end);
                return true;
            case 6081:
                DecodeGeneve(offset, end);
                return true;
            case 53:
                DecodeDns(offset, end);
                return true;
            default:
                return false;
        }
    }
}
