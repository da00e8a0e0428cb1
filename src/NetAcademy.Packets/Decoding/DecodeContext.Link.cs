namespace NetAcademy.Packets.Decoding;

/// <summary>Link layer: Ethernet, VLAN tags, Linux SLL, ARP, and EtherType dispatch.</summary>
internal ref partial struct DecodeContext
{
    private const ushort EtherTypeIPv4 = 0x0800;
    private const ushort EtherTypeArp = 0x0806;
    private const ushort EtherTypeIPv6 = 0x86DD;
    private const ushort EtherTypeTransparentEthernet = 0x6558;

    private void DecodeEthernet(int offset, int end)
    {
        var available = end - offset;
        if (available < 14)
        {
            AddTruncated(LayerKind.Ethernet, offset, available);
            return;
        }

        var index = Add(LayerKind.Ethernet, offset, 14);
        if (index < 0)
        {
            return;
        }

        var type = U16(offset + 12);
        At(index).ProtocolValue = type;
        At(index).PayloadLengthValue = available - 14;

        // Values up to 1500 are an 802.3 length followed by LLC, which is not decoded.
        if (type >= 0x0600)
        {
            DispatchEtherType(type, offset + 14, end);
        }
    }

    private void DispatchEtherType(ushort type, int offset, int end)
    {
        switch (type)
        {
            case EtherTypeIPv4:
                DecodeIPv4(offset, end);
                break;
            case EtherTypeIPv6:
                DecodeIPv6(offset, end);
                break;
            case EtherTypeArp:
                DecodeArp(offset, end);
                break;
            case 0x8100:
            case 0x88A8:
            case 0x9100:
                DecodeVlan(type, offset, end);
                break;
            case EtherTypeTransparentEthernet:
                DecodeEthernet(offset, end);
                break;
        }
    }

    private void DecodeVlan(ushort tpid, int offset, int end)
    {
        var available = end - offset;
        if (available < 4)
        {
            AddTruncated(LayerKind.Vlan, offset, available);
            return;
        }

        var index = Add(LayerKind.Vlan, offset, 4);
        if (index < 0)
        {
            return;
        }

        ref var layer = ref At(index);
        layer.W0 = tpid;
        layer.W1 = U16(offset);
        var type = U16(offset + 2);
        layer.ProtocolValue = type;
        layer.PayloadLengthValue = available - 4;
        if (type >= 0x0600)
        {
            DispatchEtherType(type, offset + 4, end);
        }
    }

    private void DecodeSll(int offset, int version)
    {
        var headerLength = version == 1 ? 16 : 20;
        var available = _frame.Length - offset;
        if (available < headerLength)
        {
            AddTruncated(LayerKind.LinuxSll, offset, available);
            return;
        }

        var index = Add(LayerKind.LinuxSll, offset, headerLength);
        if (index < 0)
        {
            return;
        }

        ref var layer = ref At(index);
        layer.W3 = (ushort)version;
        ushort protocol;
        if (version == 1)
        {
            layer.W0 = U16(offset);
            layer.W1 = U16(offset + 2);
            layer.W2 = U16(offset + 4);
            layer.D0 = (uint)(offset + 6);
            protocol = U16(offset + 14);
        }
        else
        {
            protocol = U16(offset);
            layer.W1 = U16(offset + 8);
            layer.W0 = _frame[offset + 10];
            layer.W2 = _frame[offset + 11];
            layer.D0 = (uint)(offset + 12);
        }

        layer.ProtocolValue = protocol;
        layer.PayloadLengthValue = available - headerLength;

        // ARPHRD_NETLINK carries a netlink family, not an EtherType; small values are Linux pseudo-protocols.
        if (layer.W1 != 824 && protocol >= 0x0600)
        {
            DispatchEtherType(protocol, offset + headerLength, _frame.Length);
        }
    }

    private void DecodeRawIp(int offset, int end)
    {
        if (end - offset < 1)
        {
            AddTruncated(LayerKind.IPv4, offset, end - offset);
            return;
        }

        if (_frame[offset] >> 4 == 6)
        {
            DecodeIPv6(offset, end);
        }
        else
        {
            DecodeIPv4(offset, end);
        }
    }

    private void DecodeArp(int offset, int end)
    {
        var available = end - offset;
        if (available < 8)
        {
            AddTruncated(LayerKind.Arp, offset, available);
            return;
        }

        var hardwareLength = _frame[offset + 4];
        var protocolLength = _frame[offset + 5];
        var length = 8 + (2 * (hardwareLength + protocolLength));
        var index = Add(LayerKind.Arp, offset, Math.Min(length, available));
        if (index < 0)
        {
            return;
        }

        ref var layer = ref At(index);
        layer.W0 = U16(offset + 6);
        layer.W1 = U16(offset);
        layer.W2 = U16(offset + 2);
        layer.W3 = (ushort)((hardwareLength << 8) | protocolLength);
        if (length > available)
        {
            // Without all addresses the Ethernet/IPv4 accessors must not read them.
            layer.W3 = 0;
            MarkMalformed(index);
        }
    }
}
