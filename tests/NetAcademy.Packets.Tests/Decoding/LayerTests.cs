using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Tests.Support;

namespace NetAcademy.Packets.Tests.Decoding;

public class LayerTests
{
    [Fact]
    public void SourceAddress_HeaderCutShort_IsEmpty()
    {
        var frame = new byte[] { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0 };
        var layers = new LayerStack();
        PacketDecoder.Decode(frame, LinkType.Ethernet, ref layers);

        Assert.Equal(1, layers.Count);
        Assert.True(layers[0].IsMalformed);
        Assert.True(layers[0].SourceAddress(frame).IsEmpty);
        Assert.Equal(frame[..6], layers[0].DestinationAddress(frame).ToArray());
    }

    [Fact]
    public void Decode_QinQFrame_KeepsOuterEthernetAndBothTags()
    {
        var (linkType, frame) = FixtureFiles.ReadPackets("frames.pcap")[1];
        var layers = new LayerStack();
        PacketDecoder.Decode(frame, linkType, ref layers);

        Assert.Equal([LayerKind.Ethernet, LayerKind.Vlan, LayerKind.Vlan, LayerKind.Arp], Enumerable.Range(0, layers.Count).Select(i => layers[i].Kind));
        Assert.Equal(0x88A8, layers[1].VlanTpid);
        Assert.Equal(100, layers[1].VlanId);
        Assert.Equal(10, layers[2].VlanId);
        Assert.Equal(1, layers[3].ArpOpcode);
        Assert.False(layers.IsMalformed);
    }

    [Fact]
    public void Decode_IPv6ExtensionChain_RecordsEachHeader()
    {
        var (linkType, frame) = FixtureFiles.ReadPackets("frames.pcap")[2];
        var layers = new LayerStack();
        PacketDecoder.Decode(frame, linkType, ref layers);

        var extensions = Enumerable.Range(0, layers.Count).Where(i => layers[i].Kind == LayerKind.IPv6Extension).Select(i => (int)layers[i].ExtensionType);
        Assert.Equal([0, 43, 44, 60], extensions);
        var routing = layers[layers.IndexOf(LayerKind.IPv6Extension) + 1];
        Assert.Equal(1, routing.SegmentsLeft);
        var udp = layers[layers.IndexOf(LayerKind.Udp)];
        Assert.Equal(9000, udp.DestinationPort);
        Assert.Equal(11, udp.PayloadLength);
    }
}
