using NetAcademy.Grading.Tests.Support;
using NetAcademy.Grading.Traffic;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using static NetAcademy.Grading.Tests.Support.Frames;

namespace NetAcademy.Grading.Tests.Traffic;

/// <summary>The pattern language as data: pattern, packet, whether it matches.</summary>
public sealed class LayerPatternTests
{
    private static readonly Dictionary<string, byte[]> Packets = new()
    {
        ["ping"] = EthernetIPv4(IPv4("172.20.0.2", "172.20.0.3", 1, Icmp(8))),
        ["reply"] = EthernetIPv4(IPv4("172.20.0.3", "172.20.0.2", 1, Icmp(0))),
        ["ipip"] = EthernetIPv4(IPv4("172.20.0.2", "172.20.0.3", 4, IPv4("10.0.0.1", "10.0.0.2", 1, Icmp(8)))),
        ["vxlan"] = EthernetIPv4(IPv4("172.20.0.2", "172.20.0.3", 17, Udp(40000, 4789,
            Vxlan(42, Ethernet("02:00:00:00:0a:01", "02:00:00:00:0a:02", 0x0800, IPv4("10.0.0.1", "10.0.0.2", 1, Icmp(8))))))),
        ["arp"] = Arp(1, "02:00:00:00:00:01", "10.0.0.1", "00:00:00:00:00:00", "10.0.0.2"),
        ["syn"] = EthernetIPv4(IPv4("172.20.0.2", "172.20.0.3", 6, Tcp(40000, 80, 0x02))),
        ["unreachable"] = EthernetIPv4(IPv4("172.20.0.3", "172.20.0.2", 1,
            Icmp(3, code: 3, body: IPv4("172.20.0.2", "172.20.0.3", 17, Udp(40000, 53, []))))),
        ["quoted-ping"] = EthernetIPv4(IPv4("172.20.0.3", "172.20.0.2", 1,
            Icmp(3, code: 1, body: IPv4("172.20.0.2", "172.20.0.3", 1, Icmp(8))))),
    };

    public static TheoryData<string, string, bool> Cases() => new()
    {
        { "ICMP echo-request", "ping", true },
        { "ICMP echo-reply", "ping", false },
        { "icmp ECHO-REQUEST", "ping", true },
        { "IPv4 172.20.0.2 > 172.20.0.3 / ICMP echo-request", "ping", true },
        { "IPv4 172.20.0.2>172.20.0.3 / ICMP", "ping", true },
        { "IPv4 172.20.0.3 > 172.20.0.2 / ICMP", "ping", false },
        { "IPv4 * > 172.20.0.3 / ICMP", "ping", true },
        { "IPv4 172.20.0.0/24 > *", "ping", true },
        { "IPv4 src=10.0.0.0/8", "ping", false },
        { "IPv4 host=172.20.0.3", "reply", true },
        { "IP proto=icmp", "ping", true },
        { "IP proto=17", "ping", false },
        { "Ethernet / IPv4 / ICMP", "ping", true },
        { "Ethernet / ICMP", "ping", false },
        { "Ethernet src=02:00:00:00:00:01", "ping", true },
        { "Eth dst=02:00:00:00:00:01", "ping", false },
        { "*", "arp", true },
        { "* / ICMP echo-request", "ping", true },
        { "* / * / * / *", "ping", false },
        { "IPv4 172.20.0.2 > 172.20.0.3 / IPIP / IPv4 / ICMP echo-request", "ipip", true },
        { "IPv4 172.20.0.2 > 172.20.0.3 / IPIP / * / ICMP echo-request", "ipip", true },
        { "IPv4 10.0.0.1 > 10.0.0.2 / ICMP echo-request", "ipip", true },
        { "IPv4 172.20.0.2 > 172.20.0.3 / ICMP", "ipip", false },
        { "6in4", "ipip", false },
        { "IPinIP", "ipip", true },
        { "IPIP", "ping", false },
        { "UDP dport=4789 / VXLAN vni=42", "vxlan", true },
        { "UDP * > 4789 / VXLAN / Ethernet / IPv4 10.0.0.1 > 10.0.0.2 / ICMP echo-request", "vxlan", true },
        { "VXLAN vni=43", "vxlan", false },
        { "VXLAN vni=0x2a", "vxlan", true },
        { "ARP", "arp", true },
        { "ARP request", "arp", true },
        { "ARP who-has", "arp", true },
        { "ARP reply", "arp", false },
        { "ARP 10.0.0.1 > 10.0.0.2", "arp", true },
        { "ARP dst=10.0.0.9", "arp", false },
        { "ARP", "ping", false },
        { "TCP syn !ack dport=80", "syn", true },
        { "TCP 40000 > 80", "syn", true },
        { "TCP port=80", "syn", true },
        { "TCP ack", "syn", false },
        { "UDP", "syn", false },
        { "ICMP unreachable", "unreachable", true },
        { "ICMP type=3 code=3", "unreachable", true },
        { "ICMP type=3 code=1", "unreachable", false },
        { "IPv4 / UDP", "unreachable", false },
        { "UDP dport=53", "unreachable", false },
        { "ICMP echo-request", "quoted-ping", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_Packet_AsExpected(string pattern, string packet, bool expected)
    {
        var frame = Packets[packet];
        var stack = default(LayerStack);
        PacketDecoder.Decode(frame, LinkType.Ethernet, ref stack);

        Assert.Equal(expected, LayerPattern.Parse(pattern).Matches(frame, in stack));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("IPv5 10.0.0.1 > *", "unknown protocol 'IPv5'")]
    [InlineData("ICMP echo", "'echo', which ICMP does not understand")]
    [InlineData("UDP vni=4", "'vni=', which UDP does not understand")]
    [InlineData("IPv4 10.0.0.300 > *", "not an IPv4 address")]
    [InlineData("IPv6 10.0.0.1 > *", "not an IPv6 address")]
    [InlineData("IPv4 10.0.0.0/40 > *", "prefix length")]
    [InlineData("* ICMP", "constraints after '*'")]
    [InlineData("TCP syn / ", "layer 2")]
    [InlineData("VXLAN vni=x", "not a number")]
    [InlineData("VXLAN vni=16777216", "not a number")]
    [InlineData("Ethernet src=zz", "not a MAC address")]
    [InlineData("IPv4 10.0.0.1 >", "without a destination")]
    [InlineData("ICMP 1 > 2", "only IPv4, IPv6, ARP, Ethernet")]
    [InlineData("IPv4 > 10.0.0.1", "without a source")]
    public void Parse_Invalid_ThrowsNamingTheProblem(string pattern, string expected)
    {
        var error = Assert.Throws<LayerPatternException>(() => LayerPattern.Parse(pattern));

        Assert.Contains(expected, error.Message);
        Assert.False(LayerPattern.TryParse(pattern, out _, out var message));
        Assert.Equal(error.Message, message);
    }

    [Fact]
    public void MatchCapture_MixedCapture_CountsAndSamples()
    {
        var capture = Pcap(Packets["arp"], Packets["ping"], Packets["reply"], Packets["ping"]);

        var match = LayerPattern.Parse("ICMP echo-request").MatchCapture(capture, samples: 1);

        Assert.Equal(4, match.Packets);
        Assert.Equal(2, match.Matches);
        Assert.Single(match.MatchingSamples);
        Assert.Contains("172.20.0.2 > 172.20.0.3", match.MatchingSamples[0]);
        Assert.Contains("ARP", match.OtherSamples[0]);
        Assert.False(match.Truncated);
    }

    [Fact]
    public void MatchCapture_CutOffInsideARecord_KeepsWhatCameBefore()
    {
        var capture = Pcap(Packets["ping"], Packets["ping"]);

        var match = LayerPattern.Parse("ICMP").MatchCapture(capture.AsMemory(0, capture.Length - 5));

        Assert.Equal(1, match.Packets);
        Assert.True(match.Truncated);
    }

    [Fact]
    public void MatchCapture_NotACapture_Throws()
    {
        Assert.Throws<CaptureFormatException>(() => LayerPattern.Parse("ICMP").MatchCapture(new byte[64]));
    }
}
