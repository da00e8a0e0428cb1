using System.Text;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Formatting;
using NetAcademy.Packets.Probes;
using NetAcademy.Packets.Tests.Support;

namespace NetAcademy.Packets.Tests.Probes;

/// <summary>
/// Fixtures/probes.pcap (recorded by record.sh) holds the grader's probes, sent the way ConnectivityCheckEvaluator
/// sends them with the marker "NA-probe" and TCP ports from 61440, each next to a learner's look-alike.
/// </summary>
public class ProbeSignatureTests
{
    private static readonly ProbeSignature Recorded = new("NA-probe"u8, 61440);

    /// <summary>Packet numbers (1-based, as tshark counts) of probes in probes.pcap; every other packet is the learner's.</summary>
    private static readonly HashSet<int> ProbePackets =
    [
        1, 2,                   // ping -p MARKER and its reply
        7, 8,                   // ping -6 -p MARKER and its reply
        9, 10,                  // UDP token and its echo
        13, 14,                 // UDP token to a closed port and the port unreachable quoting it
        15, 16, 17, 18, 19, 20, // nc -z -p 61500
    ];

    [Fact]
    public void Matches_RecordedProbesAndLookAlikes_TagsExactlyTheProbes()
    {
        var packets = FixtureFiles.ReadPackets("probes.pcap");
        Assert.Equal(26, packets.Count);
        var layers = new LayerStack();
        for (var i = 0; i < packets.Count; i++)
        {
            var (linkType, frame) = packets[i];
            PacketDecoder.Decode(frame, linkType, ref layers);
            var expected = ProbePackets.Contains(i + 1);
            Assert.True(expected == Recorded.Matches(frame, in layers),
                $"packet {i + 1} ({PacketSummaryFormatter.Format(frame, in layers)}) should {(expected ? "" : "not ")}be a probe");
        }
    }

    [Fact]
    public void Matches_AnotherProcessesSignature_TagsNothing()
    {
        var other = new ProbeSignature("NA-probX"u8, 62000);
        var layers = new LayerStack();
        foreach (var (linkType, frame) in FixtureFiles.ReadPackets("probes.pcap"))
        {
            PacketDecoder.Decode(frame, linkType, ref layers);
            Assert.False(other.Matches(frame, in layers), PacketSummaryFormatter.Format(frame, in layers));
        }
    }

    [Theory]
    [InlineData("tunnels.pcap")]
    [InlineData("vxlan.pcap")]
    [InlineData("icmp-arp.pcap")]
    [InlineData("udp-dns.pcap")]
    [InlineData("tcp.pcap")]
    public void Matches_OrdinaryTraffic_TagsNothing(string capture)
    {
        var signature = ProbeSignature.CreateRandom();
        var layers = new LayerStack();
        foreach (var (linkType, frame) in FixtureFiles.ReadPackets(capture))
        {
            PacketDecoder.Decode(frame, linkType, ref layers);
            Assert.False(signature.Matches(frame, in layers), PacketSummaryFormatter.Format(frame, in layers));
        }
    }

    [Fact]
    public void Matches_ProbePingInsideVxlan_IsTagged()
    {
        // The inner ICMP of vxlan.pcap's echo request, its payload overwritten with the marker pattern as ping -p fills it.
        var (linkType, frame) = FixtureFiles.ReadPackets("vxlan.pcap").First(p => Summary(p.LinkType, p.Data).Contains("ICMP echo request", StringComparison.Ordinal));
        var layers = new LayerStack();
        PacketDecoder.Decode(frame, linkType, ref layers);
        var icmp = layers[layers.IndexOf(LayerKind.Icmp)];
        var payload = frame.AsSpan(icmp.Offset + 8 + 16);
        for (var i = 0; i + 8 <= payload.Length; i += 8)
        {
            "NA-probe"u8.CopyTo(payload[i..]);
        }

        PacketDecoder.Decode(frame, linkType, ref layers);
        Assert.True(Recorded.Matches(frame, in layers));
    }

    [Fact]
    public void NewUdpToken_CarriesTheMarkerText_AndDiffersEachTime()
    {
        var first = Recorded.NewUdpToken();
        var second = Recorded.NewUdpToken();

        Assert.StartsWith(Convert.ToHexStringLower(Encoding.ASCII.GetBytes("NA-probe")) + "-", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void NewTcpPort_StaysInTheWindow()
    {
        for (var i = 0; i < 1000; i++)
        {
            var port = Recorded.NewTcpPort();
            Assert.InRange(port, 61440, 61440 + ProbeSignature.PortCount - 1);
            Assert.True(Recorded.IsProbePort(port));
        }

        Assert.False(Recorded.IsProbePort(61439));
        Assert.False(Recorded.IsProbePort(61440 + ProbeSignature.PortCount));
    }

    [Fact]
    public void Constructor_MarkerOfOneRepeatedByte_Throws()
    {
        // ping -p ff or a zero-filled payload would otherwise hide ordinary traffic.
        Assert.Throws<ArgumentException>(() => new ProbeSignature(new byte[8], 61440));
        Assert.Throws<ArgumentException>(() => new ProbeSignature("short"u8, 61440));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeSignature("NA-probe"u8, 32768));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeSignature("NA-probe"u8, 65535));
    }

    [Fact]
    public void CreateRandom_TwoProcesses_DrawDifferentMarkers()
    {
        Assert.NotEqual(ProbeSignature.CreateRandom().MarkerHex, ProbeSignature.CreateRandom().MarkerHex);
    }

    private static string Summary(NetAcademy.Packets.Capture.LinkType linkType, byte[] frame)
    {
        var layers = new LayerStack();
        PacketDecoder.Decode(frame, linkType, ref layers);
        return PacketSummaryFormatter.Format(frame, in layers);
    }
}
