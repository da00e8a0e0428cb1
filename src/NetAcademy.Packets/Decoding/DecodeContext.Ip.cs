namespace NetAcademy.Packets.Decoding;

/// <summary>Network layer: IPv4, IPv6 with extension headers, IP-in-IP, and IP protocol dispatch.</summary>
internal ref partial struct DecodeContext
{
    private const int MaxIPv6Extensions = 8;

    private void DecodeIPv4(int offset, int end)
    {
        var available = end - offset;
        if (available < 20 || _frame[offset] >> 4 != 4)
        {
            if (available >= 1 && _frame[offset] >> 4 != 4)
            {
                // A wrong version means nothing else in the header can be trusted: keep no fields.
                MarkMalformed(AddTruncated(LayerKind.IPv4, offset, 0));
            }
            else
            {
                AddTruncated(LayerKind.IPv4, offset, available);
            }

            return;
        }

        var headerLength = (_frame[offset] & 0x0F) * 4;
        var index = Add(LayerKind.IPv4, offset, Math.Min(headerLength, available));
        if (index < 0)
        {
            return;
        }

        ref var layer = ref At(index);
        var protocol = _frame[offset + 9];
        var totalLength = U16(offset + 2);
        layer.ProtocolValue = protocol;
        layer.W0 = U16(offset + 6);
        layer.W1 = U16(offset + 4);
        layer.W2 = totalLength;
        layer.W3 = _frame[offset + 8];
        if (headerLength < 20 || headerLength > available || totalLength < headerLength)
        {
            MarkMalformed(index);
            return;
        }

        layer.D0 = (uint)(headerLength - 20);
        var packetEnd = end;
        if (totalLength > available)
        {
            MarkShort(index);
        }
        else
        {
            // Bytes past the total length are Ethernet padding, not payload.
            packetEnd = offset + totalLength;
        }

        layer.PayloadLengthValue = packetEnd - offset - headerLength;
        var fragmentOffset = layer.W0 & 0x1FFF;
        var moreFragments = (layer.W0 & 0x2000) != 0;
        if (fragmentOffset != 0 || moreFragments)
        {
            layer.FlagsValue |= LayerFlags.Fragment;
            if (fragmentOffset != 0)
            {
                return;
            }
        }

        var wasLenient = _lenient;
        _lenient |= moreFragments;
        DispatchIpProtocol(protocol, offset + headerLength, packetEnd, 4);
        _lenient = wasLenient;
    }

    private void DecodeIPv6(int offset, int end)
    {
        var available = end - offset;
        if (available < 40 || _frame[offset] >> 4 != 6)
        {
            if (available >= 1 && _frame[offset] >> 4 != 6)
            {
                // A wrong version means nothing else in the header can be trusted: keep no fields.
                MarkMalformed(AddTruncated(LayerKind.IPv6, offset, 0));
            }
            else
            {
                AddTruncated(LayerKind.IPv6, offset, available);
            }

            return;
        }

        var index = Add(LayerKind.IPv6, offset, 40);
        if (index < 0)
        {
            return;
        }

        var payloadLength = U16(offset + 4);
        var next = _frame[offset + 6];
        ref var layer = ref At(index);
        layer.ProtocolValue = next;
        layer.W3 = _frame[offset + 7];
        layer.D0 = U32(offset) & 0xFFFFF;
        var packetEnd = offset + 40 + payloadLength;
        if (packetEnd > end)
        {
            MarkShort(index);
            packetEnd = end;
        }

        layer.PayloadLengthValue = packetEnd - offset - 40;
        var wasLenient = _lenient;
        var position = offset + 40;
        for (var count = 0; count < MaxIPv6Extensions && IsIPv6Extension(next); count++)
        {
            var remaining = packetEnd - position;
            if (remaining < 8)
            {
                AddTruncated(LayerKind.IPv6Extension, position, remaining);
                MarkShort(_stack.Count - 1);
                _lenient = wasLenient;
                return;
            }

            var length = next switch
            {
                44 => 8,
                51 => (_frame[position + 1] + 2) * 4,
                _ => (_frame[position + 1] + 1) * 8,
            };
            var extension = Add(LayerKind.IPv6Extension, position, Math.Min(length, remaining));
            if (extension < 0)
            {
                _lenient = wasLenient;
                return;
            }

            ref var header = ref At(extension);
            header.W0 = next;
            header.ProtocolValue = _frame[position];
            if (length > remaining)
            {
                MarkShort(extension);
                _lenient = wasLenient;
                return;
            }

            if (next == 43)
            {
                header.W2 = _frame[position + 2];
                header.W3 = _frame[position + 3];
            }
            else if (next == 44)
            {
                header.W1 = U16(position + 2);
                header.D0 = U32(position + 4);
                var fragmentOffset = header.W1 & 0xFFF8;
                var moreFragments = (header.W1 & 1) != 0;
                if (fragmentOffset != 0 || moreFragments)
                {
                    header.FlagsValue |= LayerFlags.Fragment;
                    At(index).FlagsValue |= LayerFlags.Fragment;
                }

                if (fragmentOffset != 0)
                {
                    _lenient = wasLenient;
                    return;
                }

                _lenient |= moreFragments;
            }

            next = (byte)header.ProtocolValue;
            position += length;
        }

        if (IsIPv6Extension(next))
        {
            // The chain is longer than any real packet needs; stop rather than loop on crafted input.
            MarkMalformed(index);
        }
        else
        {
            DispatchIpProtocol(next, position, packetEnd, 6);
        }

        _lenient = wasLenient;
    }

    private static bool IsIPv6Extension(int next) => next is 0 or 43 or 44 or 51 or 60;

    private void DispatchIpProtocol(int protocol, int offset, int end, int outerVersion)
    {
        switch (protocol)
        {
            case 1:
                DecodeIcmp(offset, end);
                break;
            case 6:
                DecodeTcp(offset, end);
                break;
            case 17:
                DecodeUdp(offset, end);
                break;
            case 58:
                DecodeIcmpv6(offset, end);
                break;
            case 47:
                DecodeGre(offset, end);
                break;
            case 4:
            case 41:
                var marker = Add(LayerKind.IPInIP, offset, 0);
                if (marker < 0)
                {
                    return;
                }

                At(marker).ProtocolValue = (ushort)protocol;
                At(marker).W0 = (ushort)outerVersion;
                At(marker).PayloadLengthValue = end - offset;
                if (protocol == 4)
                {
                    DecodeIPv4(offset, end);
                }
                else
                {
                    DecodeIPv6(offset, end);
                }

                break;
        }
    }
}
