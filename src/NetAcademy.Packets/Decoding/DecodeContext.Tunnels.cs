namespace NetAcademy.Packets.Decoding;

/// <summary>Overlays and tunnels: VXLAN, Geneve, GRE.</summary>
internal ref partial struct DecodeContext
{
    private void DecodeVxlan(int offset, int end)
    {
        var available = end - offset;
        if (available < 8)
        {
            AddTruncated(LayerKind.Vxlan, offset, available);
            return;
        }

        var index = Add(LayerKind.Vxlan, offset, 8);
        if (index < 0)
        {
            return;
        }

        At(index).W0 = _frame[offset];
        At(index).D0 = U32(offset + 4) >> 8;
        At(index).PayloadLengthValue = available - 8;
        if (available > 8)
        {
            DecodeEthernet(offset + 8, end);
        }
    }

    private void DecodeGeneve(int offset, int end)
    {
        var available = end - offset;
        if (available < 8)
        {
            AddTruncated(LayerKind.Geneve, offset, available);
            return;
        }

        var optionsLength = (_frame[offset] & 0x3F) * 4;
        var headerLength = 8 + optionsLength;
        var index = Add(LayerKind.Geneve, offset, Math.Min(headerLength, available));
        if (index < 0)
        {
            return;
        }

        ref var layer = ref At(index);
        var protocol = U16(offset + 2);
        layer.ProtocolValue = protocol;
        layer.W0 = (ushort)optionsLength;
        layer.D0 = U32(offset + 4) >> 8;

        // Only version 0 exists; another version means the header cannot be trusted.
        if (_frame[offset] >> 6 != 0 || headerLength > available)
        {
            MarkMalformed(index);
            return;
        }

        layer.PayloadLengthValue = available - headerLength;
        if (available > headerLength)
        {
            DispatchEtherType(protocol, offset + headerLength, end);
        }
    }

    private void DecodeGre(int offset, int end)
    {
        var available = end - offset;
        if (available < 4)
        {
            AddTruncated(LayerKind.Gre, offset, available);
            return;
        }

        var flags = U16(offset);
        var headerLength = 4
            + ((flags & 0xC000) != 0 ? 4 : 0)
            + ((flags & 0x2000) != 0 ? 4 : 0)
            + ((flags & 0x1000) != 0 ? 4 : 0);
        var index = Add(LayerKind.Gre, offset, Math.Min(headerLength, available));
        if (index < 0)
        {
            return;
        }

        ref var layer = ref At(index);
        var protocol = U16(offset + 2);
        layer.W0 = flags;
        layer.ProtocolValue = protocol;
        if (headerLength > available)
        {
            MarkShort(index);
            return;
        }

        var position = offset + 4 + ((flags & 0xC000) != 0 ? 4 : 0);
        if ((flags & 0x2000) != 0)
        {
            layer.D0 = U32(position);
            position += 4;
        }

        if ((flags & 0x1000) != 0)
        {
            layer.D1 = U32(position);
        }

        layer.PayloadLengthValue = available - headerLength;

        // Version 1 is PPTP's enhanced GRE, which carries PPP rather than an EtherType payload.
        if ((flags & 0x0007) == 0 && available > headerLength)
        {
            DispatchEtherType(protocol, offset + headerLength, end);
        }
    }
}
