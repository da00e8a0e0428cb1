using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NetAcademy.Packets.Decoding;

namespace NetAcademy.Grading.Traffic;

/// <summary>Parses the layer pattern language described in docs/grading.md into <see cref="LayerMatcher"/>s.</summary>
internal static class LayerPatternParser
{
    private static readonly Dictionary<string, (LayerKind Kind, int OuterVersion, int InnerProtocol)> Protocols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Ethernet"] = (LayerKind.Ethernet, 0, 0),
        ["Ether"] = (LayerKind.Ethernet, 0, 0),
        ["Eth"] = (LayerKind.Ethernet, 0, 0),
        ["VLAN"] = (LayerKind.Vlan, 0, 0),
        ["802.1Q"] = (LayerKind.Vlan, 0, 0),
        ["802.1ad"] = (LayerKind.Vlan, 0, 0),
        ["SLL"] = (LayerKind.LinuxSll, 0, 0),
        ["ARP"] = (LayerKind.Arp, 0, 0),
        ["IPv4"] = (LayerKind.IPv4, 0, 0),
        ["IP"] = (LayerKind.IPv4, 0, 0),
        ["IPv6"] = (LayerKind.IPv6, 0, 0),
        ["IPinIP"] = (LayerKind.IPInIP, 0, 0),
        ["IPIP"] = (LayerKind.IPInIP, 4, 4),
        ["6in4"] = (LayerKind.IPInIP, 4, 41),
        ["4in6"] = (LayerKind.IPInIP, 6, 4),
        ["6in6"] = (LayerKind.IPInIP, 6, 41),
        ["GRE"] = (LayerKind.Gre, 0, 0),
        ["ICMP"] = (LayerKind.Icmp, 0, 0),
        ["ICMPv6"] = (LayerKind.Icmpv6, 0, 0),
        ["TCP"] = (LayerKind.Tcp, 0, 0),
        ["UDP"] = (LayerKind.Udp, 0, 0),
        ["VXLAN"] = (LayerKind.Vxlan, 0, 0),
        ["Geneve"] = (LayerKind.Geneve, 0, 0),
        ["DNS"] = (LayerKind.Dns, 0, 0),
    };

    private static readonly Dictionary<string, int> IcmpTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["echo-reply"] = 0,
        ["dest-unreachable"] = 3,
        ["unreachable"] = 3,
        ["redirect"] = 5,
        ["echo-request"] = 8,
        ["time-exceeded"] = 11,
    };

    private static readonly Dictionary<string, int> Icmpv6Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dest-unreachable"] = 1,
        ["unreachable"] = 1,
        ["packet-too-big"] = 2,
        ["time-exceeded"] = 3,
        ["echo-request"] = 128,
        ["echo-reply"] = 129,
        ["router-solicitation"] = 133,
        ["router-advertisement"] = 134,
        ["neighbor-solicitation"] = 135,
        ["neighbor-advertisement"] = 136,
        ["redirect"] = 137,
    };

    private static readonly Dictionary<string, ushort> TcpFlags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fin"] = 0x001,
        ["syn"] = 0x002,
        ["rst"] = 0x004,
        ["psh"] = 0x008,
        ["ack"] = 0x010,
        ["urg"] = 0x020,
    };

    private static readonly Dictionary<string, byte> IpProtocols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["icmp"] = 1,
        ["ipip"] = 4,
        ["tcp"] = 6,
        ["udp"] = 17,
        ["ipv6"] = 41,
        ["gre"] = 47,
        ["icmpv6"] = 58,
    };

    /// <summary>The protocol names a layer may start with.</summary>
    public static IEnumerable<string> ProtocolNames => Protocols.Keys;

    public static IReadOnlyList<LayerMatcher> Parse(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new LayerPatternException(pattern ?? "", "it is empty; write at least one layer, e.g. \"ICMP echo-request\"");
        }

        var parts = pattern.Split(" / ");
        var layers = new List<LayerMatcher>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            layers.Add(ParseLayer(pattern, parts[i].Trim(), i + 1));
        }

        return layers;
    }

    private static LayerMatcher ParseLayer(string pattern, string text, int position)
    {
        LayerPatternException Error(string message) => new(pattern, $"layer {position} (\"{text}\") {message}");

        var tokens = Tokenize(text);
        if (tokens.Count == 0)
        {
            throw Error("is empty; layers are separated by \" / \" (a slash with a space on each side)");
        }

        if (tokens[0] == "*")
        {
            return tokens.Count == 1 ? new LayerMatcher(text, null, []) : throw Error("has constraints after '*', which matches any one layer as it is");
        }

        if (!Protocols.TryGetValue(tokens[0], out var protocol))
        {
            throw Error($"starts with unknown protocol '{tokens[0]}'; use one of {string.Join(", ", Protocols.Keys)} or '*'");
        }

        var kind = protocol.Kind;
        var conditions = new List<LayerPredicate>();
        if (protocol.OuterVersion != 0)
        {
            var (outer, inner) = (protocol.OuterVersion, protocol.InnerProtocol);
            conditions.Add((ReadOnlySpan<byte> f, in Layer l) => l.OuterIPVersion == outer && l.Protocol == inner);
        }

        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (i + 1 < tokens.Count && tokens[i + 1] == ">")
            {
                if (i + 2 >= tokens.Count)
                {
                    throw Error($"has '{token} >' without a destination after '>'");
                }

                conditions.AddRange(Pair(kind, token, tokens[i + 2], Error));
                i += 2;
                continue;
            }

            if (token == ">")
            {
                throw Error("has a '>' without a source before it");
            }

            var eq = token.IndexOf('=');
            conditions.Add(eq > 0
                ? KeyValue(kind, token[..eq].ToLowerInvariant(), token[(eq + 1)..], Error)
                : Keyword(kind, token, Error));
        }

        return new LayerMatcher(text, kind, conditions);
    }

    /// <summary>Splits on white space and around '>' so "A>B" and "A > B" read the same.</summary>
    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.IndexOf('>') is var at && at >= 0)
            {
                if (at > 0)
                {
                    tokens.Add(rest[..at]);
                }

                tokens.Add(">");
                rest = rest[(at + 1)..];
            }

            if (rest.Length > 0)
            {
                tokens.Add(rest);
            }
        }

        return tokens;
    }

    private static IEnumerable<LayerPredicate> Pair(LayerKind kind, string source, string destination, Func<string, LayerPatternException> error)
    {
        var (src, dst) = kind switch
        {
            LayerKind.Tcp or LayerKind.Udp => ("sport", "dport"),
            LayerKind.Ethernet or LayerKind.IPv4 or LayerKind.IPv6 or LayerKind.Arp => ("src", "dst"),
            _ => throw error($"has 'A > B', which only IPv4, IPv6, ARP, Ethernet (addresses), TCP and UDP (ports) understand"),
        };
        if (source != "*")
        {
            yield return KeyValue(kind, src, source, error);
        }

        if (destination != "*")
        {
            yield return KeyValue(kind, dst, destination, error);
        }
    }

    private static LayerPredicate KeyValue(LayerKind kind, string key, string value, Func<string, LayerPatternException> error)
    {
        switch (kind, key)
        {
            case (LayerKind.IPv4 or LayerKind.IPv6 or LayerKind.Arp, "src" or "dst" or "host"):
                var network = IpValue(kind, key, value, error);
                return key switch
                {
                    "src" => (ReadOnlySpan<byte> f, in Layer l) => HasAddresses(l) && Contains(network, l.SourceAddress(f)),
                    "dst" => (ReadOnlySpan<byte> f, in Layer l) => HasAddresses(l) && Contains(network, l.DestinationAddress(f)),
                    _ => (ReadOnlySpan<byte> f, in Layer l) => HasAddresses(l) && (Contains(network, l.SourceAddress(f)) || Contains(network, l.DestinationAddress(f))),
                };
            case (LayerKind.Ethernet, "src" or "dst" or "host"):
                var mac = MacValue(key, value, error);
                return key switch
                {
                    "src" => (ReadOnlySpan<byte> f, in Layer l) => HasAddresses(l) && l.SourceAddress(f).SequenceEqual(mac),
                    "dst" => (ReadOnlySpan<byte> f, in Layer l) => HasAddresses(l) && l.DestinationAddress(f).SequenceEqual(mac),
                    _ => (ReadOnlySpan<byte> f, in Layer l) => HasAddresses(l) && (l.SourceAddress(f).SequenceEqual(mac) || l.DestinationAddress(f).SequenceEqual(mac)),
                };
            case (LayerKind.IPv4 or LayerKind.IPv6, "proto"):
                var proto = IpProtocols.TryGetValue(value, out var named) ? named : (int)Number(key, value, 255, error);
                return (ReadOnlySpan<byte> f, in Layer l) => l.Protocol == proto;
            case (LayerKind.Tcp or LayerKind.Udp, "sport" or "dport" or "port"):
                var port = (int)Number(key, value, 65535, error);
                return key switch
                {
                    "sport" => (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 4 && l.SourcePort == port,
                    "dport" => (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 4 && l.DestinationPort == port,
                    _ => (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 4 && (l.SourcePort == port || l.DestinationPort == port),
                };
            case (LayerKind.Icmp or LayerKind.Icmpv6, "type" or "code"):
                var icmp = (int)Number(key, value, 255, error);
                return key == "type"
                    ? (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 4 && l.IcmpType == icmp
                    : (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 4 && l.IcmpCode == icmp;
            case (LayerKind.Vxlan or LayerKind.Geneve, "vni"):
                var vni = Number(key, value, 0xFFFFFF, error);
                return (ReadOnlySpan<byte> f, in Layer l) => !l.IsMalformed && l.Vni == vni;
            case (LayerKind.Vlan, "vid" or "id"):
                var vid = (int)Number(key, value, 4095, error);
                return (ReadOnlySpan<byte> f, in Layer l) => l.VlanId == vid;
            case (LayerKind.Gre, "key"):
                var greKey = Number(key, value, uint.MaxValue, error);
                return (ReadOnlySpan<byte> f, in Layer l) => (l.GreFlags & 0x2000) != 0 && !l.IsMalformed && l.GreKey == greKey;
            default:
                throw error($"has '{key}=', which {Name(kind)} does not understand");
        }
    }

    private static LayerPredicate Keyword(LayerKind kind, string word, Func<string, LayerPatternException> error)
    {
        switch (kind)
        {
            case LayerKind.Icmp when IcmpTypes.TryGetValue(word, out var type):
                return (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 4 && l.IcmpType == type;
            case LayerKind.Icmpv6 when Icmpv6Types.TryGetValue(word, out var type6):
                return (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 4 && l.IcmpType == type6;
            case LayerKind.Arp when word.ToLowerInvariant() is "request" or "who-has":
                return (ReadOnlySpan<byte> f, in Layer l) => l.ArpOpcode == 1;
            case LayerKind.Arp when word.ToLowerInvariant() is "reply" or "is-at":
                return (ReadOnlySpan<byte> f, in Layer l) => l.ArpOpcode == 2;
            case LayerKind.Dns when word.ToLowerInvariant() is "query" or "response":
                var response = word.Equals("response", StringComparison.OrdinalIgnoreCase);
                return (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 12 && ((l.DnsFlags & 0x8000) != 0) == response;
            case LayerKind.Tcp when TcpFlags.TryGetValue(word.TrimStart('!'), out var flag):
                var set = !word.StartsWith('!');
                return (ReadOnlySpan<byte> f, in Layer l) => l.HeaderLength >= 14 && ((l.TcpFlags & flag) != 0) == set;
            default:
                var known = kind switch
                {
                    LayerKind.Icmp => "; use one of " + string.Join(", ", IcmpTypes.Keys) + " or type=N",
                    LayerKind.Icmpv6 => "; use one of " + string.Join(", ", Icmpv6Types.Keys) + " or type=N",
                    LayerKind.Arp => "; use request or reply",
                    LayerKind.Dns => "; use query or response",
                    LayerKind.Tcp => "; use flags (syn, ack, fin, rst, psh, urg, each optionally with '!'), 'A > B' ports, sport=, dport= or port=",
                    _ => "",
                };
                throw error($"has '{word}', which {Name(kind)} does not understand{known}");
        }
    }

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

    private static IPNetwork IpValue(LayerKind kind, string key, string value, Func<string, LayerPatternException> error)
    {
        var family = kind == LayerKind.IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var slash = value.IndexOf('/');
        var addressText = slash < 0 ? value : value[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || address.AddressFamily != family)
        {
            throw error($"has '{key}' {value}, which is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address or prefix");
        }

        var max = family == AddressFamily.InterNetwork ? 32 : 128;
        var length = max;
        if (slash >= 0 && (!int.TryParse(value[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > max))
        {
            throw error($"has '{key}' {value}, whose prefix length is not 0-{max}");
        }

        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] &= (byte)(0xFF << (8 - Math.Clamp(length - (i * 8), 0, 8)));
        }

        return new IPNetwork(new IPAddress(bytes), length);
    }

    private static byte[] MacValue(string key, string value, Func<string, LayerPatternException> error)
    {
        var parts = value.Split(':', '-');
        var bytes = new byte[6];
        if (parts.Length != 6 || parts.Select((p, i) => byte.TryParse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[i]) && p.Length is 1 or 2).Any(ok => !ok))
        {
            throw error($"has '{key}' {value}, which is not a MAC address like 02:42:ac:14:00:02");
        }

        return bytes;
    }

    private static long Number(string key, string value, long max, Func<string, LayerPatternException> error)
    {
        var ok = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var n)
            : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out n);
        return ok && n <= max ? n : throw error($"has '{key}={value}', which is not a number from 0 to {max}");
    }

    private static string Name(LayerKind kind) => Protocols.First(p => p.Value.Kind == kind).Key;
}
