using NetAcademy.Core.Labs.Traffic;
using NetAcademy.Grading.Traffic;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Formatting;
using static NetAcademy.Grading.Tests.Support.Frames;

namespace NetAcademy.Grading.Tests.Traffic;

/// <summary>
/// The pattern grammar lives in Core (so the linter can use it) and the decoder's layer kinds in Packets; these
/// tests keep the two vocabularies from drifting apart.
/// </summary>
public sealed class LayerVocabularyTests
{
    /// <summary>Layers the decoder produces but <see cref="LayerPattern"/> leaves out before matching (documented there).</summary>
    private static readonly LayerKind[] HiddenFromPatterns = [LayerKind.None, LayerKind.IPv6Extension];

    [Fact]
    public void ToLayerKind_EveryDecoderLayerKind_IsNamedByTheCoreGrammar()
    {
        var reachable = TrafficPattern.ProtocolNames
            .Select(name => TrafficPattern.Parse(name).Layers[0].Protocol!.Value)
            .Select(LayerCompiler.ToLayerKind)
            .ToHashSet();

        var missing = Enum.GetValues<LayerKind>().Except(HiddenFromPatterns).Where(k => !reachable.Contains(k)).ToList();

        Assert.True(missing.Count == 0, $"decoder layer kinds no pattern can name: {string.Join(", ", missing)}; add them to TrafficProtocol and the Core grammar");
    }

    [Fact]
    public void ToLayerKind_EveryCoreProtocol_MapsToADistinctMatchableKind()
    {
        var kinds = Enum.GetValues<TrafficProtocol>().Select(LayerCompiler.ToLayerKind).ToList();

        Assert.Equal(kinds.Count, kinds.Distinct().Count());
        Assert.DoesNotContain(kinds, k => HiddenFromPatterns.Contains(k));
    }

    public static TheoryData<string> DecodedFrames() => new()
    {
        "ping",
        "ipip",
        "vxlan",
        "arp",
        "syn",
        "dns",
    };

    [Theory]
    [MemberData(nameof(DecodedFrames))]
    public void Format_LayerNamesOfADecodedPacket_ParseAsCoreProtocolsOfTheSameKind(string name)
    {
        var frame = Frame(name);
        var stack = default(LayerStack);
        PacketDecoder.Decode(frame, LinkType.Ethernet, ref stack);
        var visible = Enumerable.Range(0, stack.Count).Select(i => stack[i]).Where(l => (l.Flags & LayerFlags.Quoted) == 0 && l.Kind != LayerKind.IPv6Extension).ToList();

        // What the packet table shows is what authors copy into patterns: each layer's first word must be a name.
        var summary = PacketSummaryFormatter.Format(frame, in stack);
        var names = summary.Split(" / ").Select(part => part.Split(' ')[0]).ToList();

        Assert.NotEmpty(names);
        foreach (var layerName in names)
        {
            Assert.True(TrafficPattern.TryParse(layerName, out var pattern, out var error), $"'{layerName}' from \"{summary}\": {error?.Reason}");
            Assert.Contains(visible, l => l.Kind == LayerCompiler.ToLayerKind(pattern!.Layers[0].Protocol!.Value));
        }

        Assert.True(LayerPattern.Parse(string.Join(" / ", names.TakeLast(2))).Matches(frame, in stack), summary);
    }

    private static byte[] Frame(string name) => name switch
    {
        "ping" => EthernetIPv4(IPv4("172.20.0.2", "172.20.0.3", 1, Icmp(8))),
        "ipip" => EthernetIPv4(IPv4("172.20.0.2", "172.20.0.3", 4, IPv4("10.0.0.1", "10.0.0.2", 1, Icmp(8)))),
        "vxlan" => EthernetIPv4(IPv4("172.20.0.2", "172.20.0.3", 17, Udp(40000, 4789,
            Vxlan(42, Ethernet("02:00:00:00:0a:01", "02:00:00:00:0a:02", 0x0800, IPv4("10.0.0.1", "10.0.0.2", 1, Icmp(8))))))),
        "arp" => Arp(1, "02:00:00:00:00:01", "10.0.0.1", "00:00:00:00:00:00", "10.0.0.2"),
        "syn" => EthernetIPv4(IPv4("172.20.0.2", "172.20.0.3", 6, Tcp(40000, 80, 0x02))),
        _ => EthernetIPv4(IPv4("10.0.0.1", "10.0.0.53", 17, Udp(40000, 53, DnsQuery()))),
    };

    /// <summary>A DNS query for "a." (header, one question of type A, class IN).</summary>
    private static byte[] DnsQuery() => [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 0, 0, 1, 0, 1];
}
