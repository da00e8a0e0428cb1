using System.Globalization;
using System.Net.NetworkInformation;

namespace NetAcademy.Core.Labs.Traffic;

/// <summary>The grammar of traffic patterns (docs/grading.md, "The layer pattern language").</summary>
internal static class TrafficPatternParser
{
    /// <summary>Name to protocol; the IP-in-IP names also fix the outer version and inner protocol of the marker.</summary>
    private static readonly Dictionary<string, (TrafficProtocol Protocol, int OuterVersion, int InnerProtocol)> Protocols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Ethernet"] = (TrafficProtocol.Ethernet, 0, 0),
        ["Ether"] = (TrafficProtocol.Ethernet, 0, 0),
        ["Eth"] = (TrafficProtocol.Ethernet, 0, 0),
        ["VLAN"] = (TrafficProtocol.Vlan, 0, 0),
        ["802.1Q"] = (TrafficProtocol.Vlan, 0, 0),
        ["802.1ad"] = (TrafficProtocol.Vlan, 0, 0),
        ["SLL"] = (TrafficProtocol.LinuxSll, 0, 0),
        ["ARP"] = (TrafficProtocol.Arp, 0, 0),
        ["IPv4"] = (TrafficProtocol.IPv4, 0, 0),
        ["IP"] = (TrafficProtocol.IPv4, 0, 0),
        ["IPv6"] = (TrafficProtocol.IPv6, 0, 0),
        ["IPinIP"] = (TrafficProtocol.IPInIP, 0, 0),
        ["IPIP"] = (TrafficProtocol.IPInIP, 4, 4),
        ["6in4"] = (TrafficProtocol.IPInIP, 4, 41),
        ["4in6"] = (TrafficProtocol.IPInIP, 6, 4),
        ["6in6"] = (TrafficProtocol.IPInIP, 6, 41),
        ["GRE"] = (TrafficProtocol.Gre, 0, 0),
        ["ICMP"] = (TrafficProtocol.Icmp, 0, 0),
        ["ICMPv6"] = (TrafficProtocol.Icmpv6, 0, 0),
        ["TCP"] = (TrafficProtocol.Tcp, 0, 0),
        ["UDP"] = (TrafficProtocol.Udp, 0, 0),
        ["VXLAN"] = (TrafficProtocol.Vxlan, 0, 0),
        ["Geneve"] = (TrafficProtocol.Geneve, 0, 0),
        ["DNS"] = (TrafficProtocol.Dns, 0, 0),
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

    private static readonly Dictionary<string, int> TcpFlags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fin"] = 0x001,
        ["syn"] = 0x002,
        ["rst"] = 0x004,
        ["psh"] = 0x008,
        ["ack"] = 0x010,
        ["urg"] = 0x020,
    };

    private static readonly Dictionary<string, int> IpProtocols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["icmp"] = 1,
        ["ipip"] = 4,
        ["tcp"] = 6,
        ["udp"] = 17,
        ["ipv6"] = 41,
        ["gre"] = 47,
        ["icmpv6"] = 58,
    };

    public static IReadOnlyCollection<string> ProtocolNames => Protocols.Keys;

    public static IReadOnlyList<TrafficLayer> Parse(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new TrafficPatternException(pattern ?? "", "it is empty; write at least one layer, e.g. \"ICMP echo-request\"", 0);
        }

        var layers = new List<TrafficLayer>();
        var start = 0;
        while (true)
        {
            var end = pattern.IndexOf(" / ", start, StringComparison.Ordinal);
            var part = end < 0 ? pattern[start..] : pattern[start..end];
            var offset = start + (part.Length - part.TrimStart().Length);
            layers.Add(ParseLayer(pattern, part.Trim(), layers.Count + 1, offset));
            if (end < 0)
            {
                return layers;
            }

            start = end + 3;
        }
    }

    private static TrafficLayer ParseLayer(string pattern, string text, int position, int offset)
    {
        TrafficPatternException Error(string message) => new(pattern, $"layer {position} (\"{text}\") {message}", offset);

        var tokens = Tokenize(text);
        if (tokens.Count == 0)
        {
            throw Error("is empty; separate layers with \" / \" (a slash with a space on each side) and leave none blank");
        }

        if (tokens[0] == "*")
        {
            return tokens.Count == 1
                ? new TrafficLayer(text, null, [])
                : throw Error("has constraints after '*', which matches any one layer as it is; name the protocol instead of '*' to constrain it");
        }

        if (!Protocols.TryGetValue(tokens[0], out var protocol))
        {
            throw Error($"starts with unknown protocol '{tokens[0]}'; use one of {string.Join(", ", Protocols.Keys)} or '*'");
        }

        var kind = protocol.Protocol;
        var conditions = new List<TrafficCondition>();
        if (protocol.OuterVersion != 0)
        {
            conditions.Add(new FieldCondition(TrafficField.OuterIPVersion, protocol.OuterVersion));
            conditions.Add(new FieldCondition(TrafficField.Protocol, protocol.InnerProtocol));
        }

        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (i + 1 < tokens.Count && tokens[i + 1] == ">")
            {
                if (i + 2 >= tokens.Count)
                {
                    throw Error($"has '{token} >' without a destination after '>'; write 'A > B', or '{token} > *' for any destination");
                }

                conditions.AddRange(Pair(kind, token, tokens[i + 2], Error));
                i += 2;
                continue;
            }

            if (token == ">")
            {
                throw Error("has a '>' without a source before it; write 'A > B', or '* > B' for any source");
            }

            var eq = token.IndexOf('=');
            conditions.Add(eq > 0
                ? KeyValue(kind, token[..eq].ToLowerInvariant(), token[(eq + 1)..], Error)
                : Keyword(kind, token, Error));
        }

        return new TrafficLayer(text, kind, conditions);
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

    private static IEnumerable<TrafficCondition> Pair(TrafficProtocol kind, string source, string destination, Func<string, TrafficPatternException> error)
    {
        var (src, dst) = kind switch
        {
            TrafficProtocol.Tcp or TrafficProtocol.Udp => ("sport", "dport"),
            TrafficProtocol.Ethernet or TrafficProtocol.IPv4 or TrafficProtocol.IPv6 or TrafficProtocol.Arp => ("src", "dst"),
            _ => throw error($"has 'A > B', which only IPv4, IPv6, ARP, Ethernet (addresses), TCP and UDP (ports) understand; {Accepts(kind)}"),
        };
        var conditions = new List<TrafficCondition>(2);
        if (source != "*")
        {
            conditions.Add(KeyValue(kind, src, source, error));
        }

        if (destination != "*")
        {
            conditions.Add(KeyValue(kind, dst, destination, error));
        }

        return conditions;
    }

    private static TrafficCondition KeyValue(TrafficProtocol kind, string key, string value, Func<string, TrafficPatternException> error)
    {
        switch (kind, key)
        {
            case (TrafficProtocol.IPv4 or TrafficProtocol.IPv6 or TrafficProtocol.Arp, "src" or "dst" or "host"):
                return new AddressCondition(Endpoint(key), IpValue(kind, key, value, error));
            case (TrafficProtocol.Ethernet, "src" or "dst" or "host"):
                return new MacAddressCondition(Endpoint(key), MacValue(key, value, error));
            case (TrafficProtocol.IPv4 or TrafficProtocol.IPv6, "proto"):
                return new FieldCondition(TrafficField.Protocol, IpProtocols.TryGetValue(value, out var named)
                    ? named
                    : Number(key, value, 255, error, "; or a name: " + string.Join(", ", IpProtocols.Keys)));
            case (TrafficProtocol.Tcp or TrafficProtocol.Udp, "sport" or "dport" or "port"):
                return new PortCondition(key switch { "sport" => TrafficEndpoint.Source, "dport" => TrafficEndpoint.Destination, _ => TrafficEndpoint.Either },
                    (int)Number(key, value, 65535, error));
            case (TrafficProtocol.Icmp or TrafficProtocol.Icmpv6, "type" or "code"):
                return new FieldCondition(key == "type" ? TrafficField.IcmpType : TrafficField.IcmpCode, Number(key, value, 255, error));
            case (TrafficProtocol.Vxlan or TrafficProtocol.Geneve, "vni"):
                return new FieldCondition(TrafficField.Vni, Number(key, value, 0xFFFFFF, error));
            case (TrafficProtocol.Vlan, "vid" or "id"):
                return new FieldCondition(TrafficField.VlanId, Number(key, value, 4095, error));
            case (TrafficProtocol.Gre, "key"):
                return new FieldCondition(TrafficField.GreKey, Number(key, value, uint.MaxValue, error));
            default:
                throw error($"has '{key}=', which {Name(kind)} does not understand; {Accepts(kind)}");
        }
    }

    private static TrafficCondition Keyword(TrafficProtocol kind, string word, Func<string, TrafficPatternException> error)
    {
        switch (kind)
        {
            case TrafficProtocol.Icmp when IcmpTypes.TryGetValue(word, out var type):
                return new FieldCondition(TrafficField.IcmpType, type);
            case TrafficProtocol.Icmpv6 when Icmpv6Types.TryGetValue(word, out var type6):
                return new FieldCondition(TrafficField.IcmpType, type6);
            case TrafficProtocol.Arp when word.ToLowerInvariant() is "request" or "who-has":
                return new FieldCondition(TrafficField.ArpOpcode, 1);
            case TrafficProtocol.Arp when word.ToLowerInvariant() is "reply" or "is-at":
                return new FieldCondition(TrafficField.ArpOpcode, 2);
            case TrafficProtocol.Dns when word.ToLowerInvariant() is "query" or "response":
                return new FieldCondition(TrafficField.DnsResponse, word.Equals("response", StringComparison.OrdinalIgnoreCase) ? 1 : 0);
            case TrafficProtocol.Tcp when TcpFlags.TryGetValue(word.TrimStart('!'), out var flag):
                return new TcpFlagCondition(flag, !word.StartsWith('!'));
            default:
                throw error($"has '{word}', which {Name(kind)} does not understand; {Accepts(kind)}");
        }
    }

    /// <summary>What a protocol's layer accepts, as the fix-it half of an error.</summary>
    private static string Accepts(TrafficProtocol kind) => kind switch
    {
        TrafficProtocol.Ethernet => "Ethernet takes 'SRC > DST', src=, dst= or host= with MAC addresses",
        TrafficProtocol.Vlan => "VLAN takes vid=N",
        TrafficProtocol.Arp => "use request or reply, 'SENDER > TARGET', src=, dst= or host=",
        TrafficProtocol.IPv4 or TrafficProtocol.IPv6 => $"{Name(kind)} takes 'SRC > DST', src=, dst=, host= or proto=",
        TrafficProtocol.Gre => "GRE takes key=N",
        TrafficProtocol.Icmp => "use one of " + string.Join(", ", IcmpTypes.Keys) + ", type=N or code=N",
        TrafficProtocol.Icmpv6 => "use one of " + string.Join(", ", Icmpv6Types.Keys) + ", type=N or code=N",
        TrafficProtocol.Tcp => "use flags (syn, ack, fin, rst, psh, urg, each optionally with '!'), 'A > B' ports, sport=, dport= or port=",
        TrafficProtocol.Udp => "UDP takes 'A > B' ports, sport=, dport= or port=",
        TrafficProtocol.Vxlan or TrafficProtocol.Geneve => $"{Name(kind)} takes vni=N",
        TrafficProtocol.Dns => "use query or response",
        _ => $"{Name(kind)} takes no constraints; put them on another layer or remove them",
    };

    private static TrafficEndpoint Endpoint(string key) => key switch
    {
        "src" => TrafficEndpoint.Source,
        "dst" => TrafficEndpoint.Destination,
        _ => TrafficEndpoint.Either,
    };

    private static System.Net.IPNetwork IpValue(TrafficProtocol kind, string key, string value, Func<string, TrafficPatternException> error)
    {
        var v6 = kind == TrafficProtocol.IPv6;
        var family = v6 ? "IPv6" : "IPv4";
        var slash = value.IndexOf('/');
        if (!AddressText.TryParseAddress(slash < 0 ? value : value[..slash], out var address)
            || address.AddressFamily != (v6 ? System.Net.Sockets.AddressFamily.InterNetworkV6 : System.Net.Sockets.AddressFamily.InterNetwork))
        {
            throw error($"has '{key}' {value}, which is not an {family} address or prefix; write it like "
                + (v6 ? "fd00::1 or fd00::/64" : "10.0.0.1 or 10.0.0.0/24") + (v6 ? "" : " (four decimal octets)"));
        }

        if (!AddressText.TryParsePrefix(value, out var prefix))
        {
            var max = AddressText.MaxPrefixLength(address);
            throw error($"has '{key}' {value}, whose prefix length is not 0-{max}; write a number from 0 to {max} after '/'");
        }

        return prefix;
    }

    private static PhysicalAddress MacValue(string key, string value, Func<string, TrafficPatternException> error)
    {
        var parts = value.Split(':', '-');
        var bytes = new byte[6];
        if (parts.Length != 6 || parts.Select((p, i) => p.Length is 1 or 2 && byte.TryParse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[i])).Any(ok => !ok))
        {
            throw error($"has '{key}' {value}, which is not a MAC address; write six hex bytes like 02:42:ac:14:00:02");
        }

        return new PhysicalAddress(bytes);
    }

    private static long Number(string key, string value, long max, Func<string, TrafficPatternException> error, string alternatives = "")
    {
        var ok = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var n)
            : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out n);
        return ok && n <= max ? n : throw error($"has '{key}={value}', which is not a number from 0 to {max}; write it in decimal or 0x hex{alternatives}");
    }

    private static string Name(TrafficProtocol kind) => Protocols.First(p => p.Value.Protocol == kind).Key;
}
