using System.Net;
using NetAcademy.Core.Labs.Traffic;
using NetAcademy.Packets.Decoding;

namespace NetAcademy.Grading.Traffic;

/// <summary>
/// Turns the parsed layers of a <see cref="TrafficPattern"/> (syntax, in Core) into <see cref="LayerMatcher"/>s over
/// the decoder's <see cref="Layer"/>s. The guards on header lengths keep a truncated header from matching on
/// bytes that were never captured.
/// </summary>
internal static class LayerCompiler
{
    public static IReadOnlyList<LayerMatcher> Compile(TrafficPattern pattern) =>
        pattern.Layers.Select(l => new LayerMatcher(l.Text, l.Protocol is { } p ? ToLayerKind(p) : null, l.Conditions.Select(Predicate).ToList())).ToList();

    /// <summary>The decoder's layer kind for a pattern protocol; every protocol has one (a test checks both directions).</summary>
    public static LayerKind ToLayerKind(TrafficProtocol protocol) => protocol switch
    {
        TrafficProtocol.Ethernet => LayerKind.Ethernet,
        TrafficProtocol.Vlan => LayerKind.Vlan,
        TrafficProtocol.LinuxSll => LayerKind.LinuxSll,
        TrafficProtocol.Arp => LayerKind.Arp,
        TrafficProtocol.IPv4 => LayerKind.IPv4,
        TrafficProtocol.IPv6 => LayerKind.IPv6,
        TrafficProtocol.IPInIP => LayerKind.IPInIP,
        TrafficProtocol.Gre => LayerKind.Gre,
        TrafficProtocol.Icmp => LayerKind.Icmp,
        TrafficProtocol.Icmpv6 => LayerKind.Icmpv6,
        TrafficProtocol.Tcp => LayerKind.Tcp,
        TrafficProtocol.Udp => LayerKind.Udp,
        TrafficProtocol.Vxlan => LayerKind.Vxlan,
        TrafficProtocol.Geneve => LayerKind.Geneve,
        TrafficProtocol.Dns => LayerKind.Dns,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "No decoder layer kind for this pattern protocol."),
    };

    private static LayerPredicate Predicate(TrafficCondition condition) => condition switch
    {
        AddressCondition a => Address(a.Endpoint, a.Prefix),
        MacAddressCondition m => Mac(m.Endpoint, m.Address.GetAddressBytes()),
        PortCondition p => Port(p.Endpoint, p.Port),
        FieldCondition f => Field(f.Field, f.Value),
        TcpFlagCondition t => (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 14 && ((l.TcpFlags & t.Mask) != 0) == t.Set,
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Unknown traffic pattern condition."),
    };

    private static LayerPredicate Address(TrafficEndpoint endpoint, IPNetwork prefix) => endpoint switch
    {
        TrafficEndpoint.Source => (ReadOnlySpan<byte> f, in Layer l) => HasAddresses(l) && Contains(prefix, l.SourceAddress(f)),
        TrafficEndpoint.Destination => (ReadOnlySpan<byte> f, in Layer l) => HasAddresses(l) && Contains(prefix, l.DestinationAddress(f)),
        _ => (ReadOnlySpan<byte> f, in Layer l) => HasAddresses(l) && (Contains(prefix, l.SourceAddress(f)) || Contains(prefix, l.DestinationAddress(f))),
    };

    private static LayerPredicate Mac(TrafficEndpoint endpoint, byte[] mac) => endpoint switch
    {
        TrafficEndpoint.Source => (ReadOnlySpan<byte> f, in Layer l) => HasAddresses(l) && l.SourceAddress(f).SequenceEqual(mac),
        TrafficEndpoint.Destination => (ReadOnlySpan<byte> f, in Layer l) => HasAddresses(l) && l.DestinationAddress(f).SequenceEqual(mac),
        _ => (ReadOnlySpan<byte> f, in Layer l) => HasAddresses(l) && (l.SourceAddress(f).SequenceEqual(mac) || l.DestinationAddress(f).SequenceEqual(mac)),
    };

    private static LayerPredicate Port(TrafficEndpoint endpoint, int port) => endpoint switch
    {
        TrafficEndpoint.Source => (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 4 && l.SourcePort == port,
        TrafficEndpoint.Destination => (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 4 && l.DestinationPort == port,
        _ => (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 4 && (l.SourcePort == port || l.DestinationPort == port),
    };

    private static LayerPredicate Field(TrafficField field, long value) => field switch
    {
        TrafficField.Protocol => (ReadOnlySpan<byte> f, in Layer l) => l.Protocol == value,
        TrafficField.OuterIPVersion => (ReadOnlySpan<byte> f, in Layer l) => l.OuterIPVersion == value,
        TrafficField.IcmpType => (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 4 && l.IcmpType == value,
        TrafficField.IcmpCode => (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 4 && l.IcmpCode == value,
        TrafficField.Vni => (ReadOnlySpan<byte> f, in Layer l) => !l.IsMalformed && l.Vni == value,
        TrafficField.VlanId => (ReadOnlySpan<byte> f, in Layer l) => l.VlanId == value,
        TrafficField.GreKey => (ReadOnlySpan<byte> f, in Layer l) => (l.GreFlags & 0x2000) != 0 && !l.IsMalformed && l.GreKey == value,
        TrafficField.ArpOpcode => (ReadOnlySpan<byte> f, in Layer l) => l.ArpOpcode == value,
        TrafficField.DnsResponse => (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 12 && ((l.DnsFlags & 0x8000) != 0) == (value != 0),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown traffic pattern field."),
    };

    private static bool HasAddresses(in Layer layer) => layer.Kind switch
    {
        LayerKind.Ethernet => layer.HeaderLength >= 14,
        LayerKind.IPv4 => layer.HeaderLength >= 20,
        LayerKind.IPv6 => layer.HeaderLength >= 40,
        LayerKind.Arp => layer.ArpIsEthernetIPv4 && layer.HeaderLength >= 28,
        _ => false,
    };

    private static bool Contains(IPNetwork network, ReadOnlySpan<byte> address) =>
        address.Length is 4 or 16 && network.Contains(new IPAddress(address));
}
