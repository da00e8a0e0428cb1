using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Formatting;

namespace NetAcademy.Packets.Tests.Formatting;

/// <summary>The packet-list columns of the summary cases (Fixtures/summary-cases.txt), looked up by title.</summary>
public class PacketColumnsFormatterTests
{
    private static readonly Dictionary<string, (int Link, string Hex, string Line)> Cases =
        PacketSummaryFormatterTests.Cases().ToDictionary(c => (string)c[0], c => ((int)c[1], (string)c[2], (string)c[3]));

    [Theory]
    [InlineData("icmp-arp.pcap packet 2", "02:42:ac:1e:00:03", "02:42:ac:1e:00:02", "ARP", "ARP reply 172.30.0.3 is-at 02:42:ac:1e:00:03", null)]
    [InlineData("icmp-arp.pcap packet 3", "172.30.0.2", "172.30.0.3", "ICMP", "ICMP echo request id=18 seq=1", null)]
    [InlineData("tcp.pcap packet 1", "172.30.0.2", "172.30.0.3", "TCP", "TCP 37238 > 5000 [S] seq=180449118 win=64240 len=0", null)]
    [InlineData("udp-dns.pcap packet 1", "172.30.0.2", "172.30.0.3", "DNS", "UDP 37934 > 53 / DNS query 0x1a2b A www.netacademy.test", null)]
    [InlineData("fragments.pcap packet 3", "172.30.0.2", "172.30.0.3", "IPv4", "IPv4 172.30.0.2 > 172.30.0.3 frag id=0x3907 off=2960", null)]
    [InlineData("ipv6.pcap packet 14", "fd00::2", "fd00::3", "ICMPv6", "ICMPv6 echo request id=79 seq=1", null)]
    [InlineData("ipv6.pcap packet 21", "fd00::3", "fd00::2", "ICMPv6", "ICMPv6 dest unreachable (port) / IPv6 fd00::2 > fd00::3 / UDP 38641 > 9000 len=10", null)]
    [InlineData("vxlan.pcap packet 7", "72:e4:0f:40:36:17", "ff:ff:ff:ff:ff:ff", "ARP", "ARP who-has 10.42.0.2 tell 10.42.0.1", "VXLAN vni=42")]
    [InlineData("vxlan.pcap packet 9", "10.42.0.1", "10.42.0.2", "ICMP", "ICMP echo request id=104 seq=1", "VXLAN vni=42")]
    [InlineData("tunnels.pcap packet 1", "10.1.0.1", "10.2.0.1", "ICMP", "ICMP echo request id=7 seq=1", "IPIP")]
    [InlineData("tunnels.pcap packet 2", "172.30.0.3", "172.30.0.2", "ICMP", "ICMP dest unreachable (protocol) / IPv4 172.30.0.2 > 172.30.0.3 / IPIP / IPv4 10.1.0.1 > 10.2.0.1 / ICMP echo request id=7 seq=1", null)]
    [InlineData("tunnels.pcap packet 5", "10.3.0.1", "10.4.0.1", "ICMP", "ICMP echo request id=9 seq=1", "GRE key=1000 seq=1")]
    [InlineData("tunnels.pcap packet 14", "10.8.0.1", "10.8.0.2", "ICMP", "ICMP echo request id=15 seq=1", "Geneve vni=291")]
    [InlineData("frames.pcap packet 1", "10.10.0.1", "10.10.0.2", "ICMP", "ICMP echo request id=21 seq=1", null)]
    [InlineData("frames.pcap packet 4", "02:42:ac:1e:00:02", "02:42:ac:1e:00:03", "Ethernet", "Ethernet 02:42:ac:1e:00:02 > 02:42:ac:1e:00:03 type 0x88cc", null)]
    [InlineData("crafted: TCP header cut after 10 bytes, IPv4 total length claims 40", "10.0.0.1", "10.0.0.2", "TCP", "TCP 1234 > 80 [malformed]", null)]
    [InlineData("crafted: Ethernet header of 10 bytes", "", "", "Ethernet", "Ethernet [malformed]", null)]
    public void Format_SummaryCase_SplitsIntoColumns(string title, string source, string destination, string protocol, string info, string? tunnel)
    {
        var (link, hex, line) = Cases[title];
        var frame = Convert.FromHexString(hex);
        var layers = new LayerStack();
        PacketDecoder.Decode(frame, (LinkType)link, ref layers);

        var columns = PacketColumnsFormatter.Format(frame, in layers);

        Assert.Equal(new PacketColumns(line, source, destination, protocol, info, tunnel), columns);
    }

    [Fact]
    public void Format_EveryCase_InfoIsTheSummarysTail()
    {
        foreach (var (title, (link, hex, line)) in Cases)
        {
            var frame = Convert.FromHexString(hex);
            var layers = new LayerStack();
            PacketDecoder.Decode(frame, (LinkType)link, ref layers);

            var columns = PacketColumnsFormatter.Format(frame, in layers);

            Assert.True(line.EndsWith(columns.Info, StringComparison.Ordinal) && columns.Info.Length > 0, $"{title}: '{columns.Info}' is not the end of '{line}'");
            Assert.False(string.IsNullOrEmpty(columns.Protocol), title);
        }
    }
}
