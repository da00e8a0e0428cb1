namespace NetAcademy.Packets.Decoding;

/// <summary>Application layer: the DNS header and first question.</summary>
internal ref partial struct DecodeContext
{
    private void DecodeDns(int offset, int end)
    {
        var available = end - offset;
        if (available < 12)
        {
            AddTruncated(LayerKind.Dns, offset, available);
            return;
        }

        var index = Add(LayerKind.Dns, offset, 12);
        if (index < 0)
        {
            return;
        }

        ref var layer = ref At(index);
        layer.W0 = U16(offset);
        layer.W1 = U16(offset + 2);
        layer.W3 = U16(offset + 4);
        layer.D1 = (uint)offset;
        layer.PayloadLengthValue = available - 12;
        if (layer.W3 == 0)
        {
            return;
        }

        var nameEnd = DnsName.SkipName(_frame[offset..end], 12);
        if (nameEnd < 0 || nameEnd + 4 > available)
        {
            MarkShort(index);
            return;
        }

        layer.D0 = (uint)(offset + 12);
        layer.W2 = U16(offset + nameEnd);
    }
}
