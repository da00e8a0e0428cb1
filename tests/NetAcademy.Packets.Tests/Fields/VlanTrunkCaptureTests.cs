using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Fields;
using NetAcademy.Packets.Tests.Support;

namespace NetAcademy.Packets.Tests.Fields;

/// <summary>
/// A capture on a VLAN trunk, recorded in the lab-test VM (Fixtures/record-vlan.sh; this host's kernel has no 802.1Q):
/// pings in VLANs 10 and 20 between a VLAN-filtering bridge's trunk port and a router's sub-interfaces, captured on the
/// trunk port at the same time by the platform's own capture program (vlan-trunk.pcap) and by tcpdump
/// (vlan-trunk-tcpdump.pcap). On a veth the kernel keeps the tag outside the frame, in the packet's metadata, both
/// ways; each capture puts it back from PACKET_AUXDATA, so the frames must carry it, and the same bytes in both.
/// </summary>
public sealed class VlanTrunkCaptureTests
{
    private const string Platform = "vlan-trunk.pcap";
    private const string Tcpdump = "vlan-trunk-tcpdump.pcap";

    [Fact]
    public async Task PlatformCapture_EveryFrameCarriesItsTag_AsTsharkDecodesIt()
    {
        string[] fields = ["vlan.id", "eth.src", "eth.dst", "arp.opcode", "arp.dst.proto_ipv4", "ip.src", "ip.dst", "icmp.type"];
        var expected = await Tshark.FieldsAsync(FixtureFiles.PathOf(Platform), fields, CancellationToken.None);
        var packets = FixtureFiles.ReadPackets(Platform);
        Assert.Equal(expected.Count, packets.Count);

        var layers = new LayerStack();
        var vids = new List<int>();
        for (var p = 0; p < packets.Count; p++)
        {
            var (linkType, data) = packets[p];
            Assert.Equal(LinkType.Ethernet, linkType);
            PacketDecoder.Decode(data, linkType, ref layers);
            var vlan = layers.IndexOf(LayerKind.Vlan);
            Assert.True(vlan == 1, $"packet {p + 1} has no 802.1Q layer right after Ethernet");
            Assert.Equal(0x8100, layers[vlan].VlanTpid);
            vids.Add(layers[vlan].VlanId);
            for (var f = 0; f < fields.Length; f++)
            {
                var theirs = f < expected[p].Length ? expected[p][f] : string.Empty;
                Assert.True(theirs == (PacketFields.Get(data, in layers, fields[f]) ?? string.Empty),
                    $"packet {p + 1} {fields[f]}: tshark '{theirs}', ours '{PacketFields.Get(data, in layers, fields[f])}'");
            }
        }

        // Both VLANs, and both directions (the bridge's tagged egress and the router's tagged replies) are in it.
        Assert.Equal([10, 20], vids.Distinct().Order());
        Assert.Contains(expected, row => row[0] == "10" && row[7] == "8");
        Assert.Contains(expected, row => row[0] == "10" && row[7] == "0");
        Assert.Contains(expected, row => row[0] == "20" && row[7] == "8");
        Assert.Contains(expected, row => row[0] == "20" && row[7] == "0");
    }

    [Fact]
    public void PlatformCapture_HoldsTheSameFramesAsTcpdump()
    {
        var ours = FixtureFiles.ReadPackets(Platform);
        var libpcap = FixtureFiles.ReadPackets(Tcpdump);

        Assert.NotEmpty(ours);
        Assert.Equal(libpcap.Count, ours.Count);
        for (var p = 0; p < ours.Count; p++)
        {
            Assert.Equal(libpcap[p].LinkType, ours[p].LinkType);
            Assert.True(libpcap[p].Data.AsSpan().SequenceEqual(ours[p].Data), $"packet {p + 1} differs from tcpdump's");
        }
    }
}
