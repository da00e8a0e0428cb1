using System.Buffers.Binary;
using System.Net;

namespace NetAcademy.Grading.Tests.Support;

/// <summary>Builds real packet bytes (and pcap files of them) for pattern and traffic tests.</summary>
public static class Frames
{
    /// <summary>An Ethernet II frame.</summary>
    public static byte[] Ethernet(string src, string dst, ushort etherType, byte[] payload)
    {
        var frame = new byte[14 + payload.Length];
        Mac(dst).CopyTo(frame, 0);
        Mac(src).CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), etherType);
        payload.CopyTo(frame, 14);
        return frame;
    }

    /// <summary>Ethernet between two fixed MACs (02:00:00:00:00:01 to :02) carrying IPv4.</summary>
    public static byte[] EthernetIPv4(byte[] ipPacket) => Ethernet("02:00:00:00:00:01", "02:00:00:00:00:02", 0x0800, ipPacket);

    /// <summary>An IPv4 packet with a valid header checksum.</summary>
    public static byte[] IPv4(string src, string dst, byte protocol, byte[] payload)
    {
        var packet = new byte[20 + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), 0x1234);
        packet[8] = 64;
        packet[9] = protocol;
        IPAddress.Parse(src).GetAddressBytes().CopyTo(packet, 12);
        IPAddress.Parse(dst).GetAddressBytes().CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum(packet.AsSpan(0, 20)));
        payload.CopyTo(packet, 20);
        return packet;
    }

    /// <summary>An ICMP message: echo (type 8/0) with id and sequence, or another type with a quoted packet as body.</summary>
    public static byte[] Icmp(byte type, byte code = 0, ushort id = 7, ushort sequence = 1, byte[]? body = null)
    {
        body ??= new byte[16];
        var message = new byte[8 + body.Length];
        message[0] = type;
        message[1] = code;
        if (type is 0 or 8)
        {
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), id);
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), sequence);
        }

        body.CopyTo(message, 8);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), Checksum(message));
        return message;
    }

    /// <summary>A UDP datagram (checksum left zero, which IPv4 allows).</summary>
    public static byte[] Udp(ushort sourcePort, ushort destinationPort, byte[] payload)
    {
        var datagram = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(datagram, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), (ushort)datagram.Length);
        payload.CopyTo(datagram, 8);
        return datagram;
    }

    /// <summary>A TCP segment header (no options) with the given flag bits (SYN=0x02, ACK=0x10).</summary>
    public static byte[] Tcp(ushort sourcePort, ushort destinationPort, ushort flags)
    {
        var segment = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(segment, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(4), 1000);
        segment[12] = 5 << 4;
        segment[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(14), 64240);
        return segment;
    }

    /// <summary>A VXLAN header with the I flag and <paramref name="vni"/>, followed by the inner frame.</summary>
    public static byte[] Vxlan(uint vni, byte[] innerFrame)
    {
        var header = new byte[8 + innerFrame.Length];
        header[0] = 0x08;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), vni << 8);
        innerFrame.CopyTo(header, 8);
        return header;
    }

    /// <summary>An Ethernet/IPv4 ARP message (1 request, 2 reply).</summary>
    public static byte[] Arp(ushort operation, string senderMac, string senderIp, string targetMac, string targetIp)
    {
        var arp = new byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(2), 0x0800);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(6), operation);
        Mac(senderMac).CopyTo(arp, 8);
        IPAddress.Parse(senderIp).GetAddressBytes().CopyTo(arp, 14);
        Mac(targetMac).CopyTo(arp, 18);
        IPAddress.Parse(targetIp).GetAddressBytes().CopyTo(arp, 24);
        return Ethernet(senderMac, "ff:ff:ff:ff:ff:ff", 0x0806, arp);
    }

    /// <summary>A classic pcap file (Ethernet link type) holding <paramref name="frames"/>.</summary>
    public static byte[] Pcap(params byte[][] frames)
    {
        using var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        stream.Write(header);
        var seconds = 1_700_000_000u;
        Span<byte> record = stackalloc byte[16];
        foreach (var frame in frames)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record, seconds++);
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
            stream.Write(record);
            stream.Write(frame);
        }

        return stream.ToArray();
    }

    private static byte[] Mac(string text) => text.Split(':').Select(p => Convert.ToByte(p, 16)).ToArray();

    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (data.Length % 2 == 1)
        {
            sum += (uint)data[^1] << 8;
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
