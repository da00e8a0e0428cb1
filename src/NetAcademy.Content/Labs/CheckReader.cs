using System.Text.RegularExpressions;
using NetAcademy.Content.Yaml;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Labs.Netfilter;
using NetAcademy.Core.Labs.Traffic;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NetAcademy.Content.Labs;

/// <summary>
/// Reads one entry of a task's <c>checks:</c>. The kinds are a closed list matching the grader's evaluators;
/// each kind has its own allowed keys so a key meant for another kind is reported instead of ignored. Every value the
/// grader would parse later (addresses, prefixes, regular expressions, traffic patterns) is parsed here with the same
/// Core parser, so a malformed one fails <c>netacademy lint</c> instead of a learner's Check.
/// </summary>
internal static partial class CheckReader
{
    private static readonly string[] Common = ["kind", "node", "netns", "description"];

    private static readonly Dictionary<string, string[]> KindKeys = new(StringComparer.Ordinal)
    {
        ["command"] = [.. Common, "argv", "exit_code", "stdout", "stdout_not", "fail_message"],
        ["state"] = [.. Common, "interface", "interface_kind", "state", "master", "address", "peer_netns", "vxlan_id", "remote", "route", "via", "absent", "vlan_id", "pvid", "tagged"],
        ["connectivity"] = [.. Common, "to", "protocol", "port", "expect"],
        ["traffic"] = [.. Common, "interface", "pattern", "trigger", "capture_seconds", "expect"],
        ["trace"] = [.. Common, "match", "trigger", "expect", "table", "chain", "hook", "nat_to", "trace_seconds"],
    };

    private static readonly string[] MatchKeys = ["protocol", "saddr", "daddr", "sport", "dport"];

    private static readonly string[] TriggerKeys = ["node", "netns", "argv"];
    private static readonly string[] InterfaceKinds = ["veth", "bridge", "vxlan", "tun", "tap", "ipip", "gre", "gretap", "macvlan", "vlan", "dummy", "loopback", "device", "wireguard", "bond"];
    private static readonly string[] States = ["up", "down", "unknown"];

    private const string AddressRules = "IPv4 as four decimal octets without leading zeros, IPv6 without a %zone";

    public static Check? Read(YamlNode item, LabReadContext context, string task)
    {
        var what = $"check of the {task}";
        if (item is not YamlMappingNode mapping)
        {
            context.Errors.Add(item, $"A {what} must be a mapping starting with 'kind:', not {YamlMap.Describe(item)}.");
            return null;
        }

        var kindNode = mapping.Children.TryGetValue(new YamlScalarNode("kind"), out var k) ? k : null;
        var kind = (kindNode as YamlScalarNode)?.Value;
        if (kind is null || !KindKeys.TryGetValue(kind, out var keys))
        {
            context.Errors.Add(kindNode ?? item, kind is null
                ? $"The {what} is missing the required key 'kind'; use one of: {string.Join(", ", KindKeys.Keys)}."
                : $"Unknown check kind '{kind}' in the {what}; use one of: {string.Join(", ", KindKeys.Keys)}.");
            return null;
        }

        var map = YamlMap.From(item, context.Errors, $"{kind} {what}", keys)!;
        var nodeText = map.String("node", required: true);
        var nodeOk = nodeText is not null && context.RequireNode(nodeText, map.At("node"), what);
        var netns = context.Netns(map);
        var description = map.String("description");
        var before = context.Errors.Count;
        Check? check = kind switch
        {
            "command" => ReadCommand(map, context),
            "state" => ReadState(map, context),
            "connectivity" => ReadConnectivity(map, context),
            "trace" => ReadTrace(map, context),
            _ => ReadTraffic(map, context),
        };
        if (!nodeOk || context.Errors.Count != before || check is null)
        {
            return null;
        }

        var node = new NodeName(nodeText!);
        return check switch
        {
            CommandCheck c => c with { Node = node, Netns = netns, Description = description },
            StateCheck c => c with { Node = node, Netns = netns, Description = description },
            ConnectivityCheck c => c with { Node = node, Netns = netns, Description = description },
            TrafficCheck c => c with { Node = node, Netns = netns, Description = description },
            TraceCheck c => c with { Node = node, Netns = netns, Description = description },
            _ => null,
        };
    }

    // The per-kind readers fill a placeholder node; Read sets the real common fields once they are known valid.
    private static readonly NodeName Placeholder = new("placeholder");

    private static CommandCheck? ReadCommand(YamlMap map, LabReadContext context)
    {
        var argv = ReadArgv(map, "argv", context);
        var exitCode = map.Int("exit_code", 0, 255) ?? 0;
        var stdout = ReadPattern(map, "stdout", "stdout pattern", context);
        var stdoutNot = ReadPattern(map, "stdout_not", "stdout_not pattern", context);
        var failMessage = map.String("fail_message");
        if (failMessage is not null)
        {
            // A brace word the grader does not fill would reach the learner as "{stdout}": say so now.
            foreach (Match m in Regex.Matches(failMessage, @"\{[a-z_]+\}"))
            {
                if (!CommandCheck.FailMessagePlaceholders.Contains(m.Value))
                {
                    context.Errors.Add(map.At("fail_message"), $"The fail message names {m.Value}, which the grader does not fill; it can name {string.Join(" and ", CommandCheck.FailMessagePlaceholders)}.");
                }
            }
        }

        return argv is null ? null : new CommandCheck(Placeholder, null, null, argv, exitCode, stdout, failMessage) { StdoutNotPattern = stdoutNot };
    }

    private static string? ReadPattern(YamlMap map, string key, string what, LabReadContext context)
    {
        var pattern = map.String(key);
        if (pattern is not null)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                context.Errors.Add(map.At(key), $"The {what} is not a valid regular expression ({ex.Message}); fix it or escape special characters with '\\'.");
            }
        }

        return pattern;
    }

    private static StateCheck? ReadState(YamlMap map, LabReadContext context)
    {
        var iface = map.String("interface");
        if (iface is not null && !InterfaceNames.IsValid(iface))
        {
            context.Errors.Add(map.At("interface"), $"'{iface}' is not a valid interface name; use 1-15 characters without spaces, '/' or ':'.");
        }

        var kind = map.OneOf("interface_kind", InterfaceKinds);
        var state = map.OneOf("state", States);
        var master = map.String("master");
        if (master is not null && !InterfaceNames.IsValid(master))
        {
            context.Errors.Add(map.At("master"), $"'{master}' is not a valid bridge name; use 1-15 characters without spaces, '/' or ':'.");
        }

        var address = map.String("address");
        if (address is not null && !AddressText.TryParseInterfaceAddress(address, out _, out _))
        {
            context.Errors.Add(map.At("address"), $"The address '{address}' must be an address with prefix length, e.g. 10.0.0.1/24 or fd00::1/64 ({AddressRules}).");
        }

        var peerNetns = map.String("peer_netns");
        if (peerNetns is { Length: > 0 } && !Core.Runtime.NetnsName.IsValid(peerNetns))
        {
            context.Errors.Add(map.At("peer_netns"), $"'{peerNetns}' is not a valid network namespace name.");
        }

        var vni = map.Int("vxlan_id", 1, 16_777_215);
        var remote = map.String("remote");
        if (remote is not null && !AddressText.TryParseAddress(remote, out _))
        {
            context.Errors.Add(map.At("remote"), $"The remote '{remote}' must be an IP address, e.g. 172.20.0.3 ({AddressRules}).");
        }

        var route = map.String("route");
        if (route is not null && route != "default" && !AddressText.TryParseInterfaceAddress(route, out _, out _))
        {
            context.Errors.Add(map.At("route"), $"The route '{route}' must be 'default' or a destination in CIDR form, e.g. 10.0.1.0/24 ({AddressRules}).");
        }

        var via = map.String("via");
        if (via is not null && !AddressText.TryParseAddress(via, out _))
        {
            context.Errors.Add(map.At("via"), $"The gateway '{via}' must be an IP address, e.g. 10.0.0.254 ({AddressRules}).");
        }
        else if (via is not null && route is null)
        {
            context.Errors.Add(map.At("via"), "'via' only makes sense with 'route'; add the route destination.");
        }

        var absent = map.Bool("absent") ?? false;
        if (iface is null && route is null)
        {
            context.Errors.Add(map.Node, "A state check needs 'interface' or 'route' to say what it inspects.");
        }

        var vlanId = map.Int("vlan_id", BridgeVlan.MinId, BridgeVlan.MaxId);
        var pvid = map.Bool("pvid");
        var tagged = map.Bool("tagged");
        if (map.Has("vlan_id") && iface is null)
        {
            context.Errors.Add(map.At("vlan_id"), "'vlan_id' is about an interface (a bridge port's VLAN, or a VLAN sub-interface's id); add 'interface'.");
        }

        foreach (var (key, value) in new[] { ("pvid", pvid), ("tagged", tagged) })
        {
            if (value is not null && !map.Has("vlan_id"))
            {
                context.Errors.Add(map.At(key), $"'{key}' says how a bridge port is a member of a VLAN; add 'vlan_id' to say which.");
            }
        }

        return new StateCheck(Placeholder, null, null, iface, kind, state, master, address, peerNetns, vni, remote, route, via, absent,
            vlanId, pvid, tagged);
    }

    private static ConnectivityCheck? ReadConnectivity(YamlMap map, LabReadContext context)
    {
        var to = map.String("to", required: true);
        if (to is not null && !AddressText.TryParseAddress(to, out _))
        {
            context.Errors.Add(map.At("to"), $"The target '{to}' must be an IPv4 or IPv6 address, e.g. 10.0.0.2 ({AddressRules}).");
        }

        var protocolText = map.OneOf("protocol", ["ping", "tcp", "udp"]) ?? "ping";
        var protocol = protocolText switch
        {
            "tcp" => ConnectivityProtocol.Tcp,
            "udp" => ConnectivityProtocol.Udp,
            _ => ConnectivityProtocol.Ping,
        };
        var port = map.Int("port", 1, 65535);
        if (protocol != ConnectivityProtocol.Ping && port is null && !map.Has("port"))
        {
            context.Errors.Add(map.Node, $"A {protocolText} connectivity check needs a 'port'.");
        }
        else if (protocol == ConnectivityProtocol.Ping && map.Has("port"))
        {
            context.Errors.Add(map.At("port"), "A ping check has no port; remove 'port' or set 'protocol: tcp' or 'udp'.");
        }

        var expect = map.OneOf("expect", ["success", "failure"]) ?? "success";
        return to is null ? null : new ConnectivityCheck(Placeholder, null, null, to, protocol, port, expect == "success");
    }

    private static TrafficCheck? ReadTraffic(YamlMap map, LabReadContext context)
    {
        var iface = map.String("interface", required: true);
        if (iface is not null && !InterfaceNames.IsValid(iface) && iface != "any")
        {
            context.Errors.Add(map.At("interface"), $"'{iface}' is not a valid interface name; use 1-15 characters without spaces, '/' or ':'.");
        }

        var pattern = map.String("pattern", required: true);
        if (pattern is not null && !TrafficPattern.TryParse(pattern, out _, out var patternError))
        {
            context.Errors.Add(PositionIn(map.Get("pattern")!, patternError!.Offset), $"The traffic pattern is invalid: {patternError.Reason}.");
        }

        var seconds = map.Double("capture_seconds", 0.5, 30) ?? 3;
        var expect = map.OneOf("expect", ["seen", "not_seen"]) ?? "seen";
        var trigger = ReadTrigger(map, context);
        return iface is null || pattern is null ? null : new TrafficCheck(Placeholder, null, null, iface, pattern, trigger, seconds, expect == "seen");
    }

    private static TrafficTrigger? ReadTrigger(YamlMap map, LabReadContext context)
    {
        if (map.Get("trigger") is not { } triggerNode || YamlMap.IsNull(triggerNode))
        {
            return null;
        }

        var t = YamlMap.From(triggerNode, context.Errors, "trigger", TriggerKeys);
        if (t is null)
        {
            return null;
        }

        var node = t.String("node", required: true);
        var ok = node is not null && context.RequireNode(node, t.At("node"), "trigger");
        var netns = context.Netns(t);
        var argv = ReadArgv(t, "argv", context);
        return ok && argv is not null ? new TrafficTrigger(new NodeName(node!), netns, argv) : null;
    }

    private static TraceCheck? ReadTrace(YamlMap map, LabReadContext context)
    {
        TraceMatch? match = null;
        if (map.Get("match") is not { } matchNode || YamlMap.IsNull(matchNode))
        {
            context.Errors.Add(map.Node, "A trace check needs a 'match' saying which packets to trace, e.g. { protocol: icmp, saddr: 10.0.1.2 }.");
        }
        else if (YamlMap.From(matchNode, context.Errors, "trace match", MatchKeys) is { } m)
        {
            var protocol = m.OneOf("protocol", [.. TraceMatch.Protocols]);
            match = new TraceMatch(protocol, m.String("saddr"), m.String("daddr"), m.Int("sport", 1, 65535), m.Int("dport", 1, 65535));
            if (match.Validate() is { } error)
            {
                context.Errors.Add(matchNode, error);
                match = null;
            }
        }

        var trigger = ReadTrigger(map, context);
        var expectText = map.OneOf("expect", ["dropped", "accepted", "nat"]) ?? "dropped";
        var expect = expectText switch
        {
            "accepted" => TraceExpectation.Accepted,
            "nat" => TraceExpectation.Nat,
            _ => TraceExpectation.Dropped,
        };
        var table = map.String("table");
        var chain = map.String("chain", required: true);
        foreach (var (key, value) in new[] { ("table", table), ("chain", chain) })
        {
            if (value is not null && !NftName().IsMatch(value))
            {
                context.Errors.Add(map.At(key), $"'{value}' is not a {key} name nft prints; use letters, digits, '_', '-' and '.', at most 64 characters.");
            }
        }

        var hook = map.OneOf("hook", [.. TraceCheck.Hooks]);
        var natTo = map.String("nat_to");
        if (natTo is not null && expect != TraceExpectation.Nat)
        {
            context.Errors.Add(map.At("nat_to"), "'nat_to' only makes sense with 'expect: nat'.");
        }
        else if (natTo is not null && !IsNatTarget(natTo))
        {
            context.Errors.Add(map.At("nat_to"), $"The NAT target '{natTo}' must be an address or address:port, e.g. 10.0.2.2:80 or [fd00::2]:80 ({AddressRules}).");
        }

        var seconds = map.Double("trace_seconds", 0.5, 30) ?? 3;
        return match is null || chain is null ? null : new TraceCheck(Placeholder, null, null, match, trigger, expect, table, chain, hook, natTo, seconds);
    }

    private static bool IsNatTarget(string text)
    {
        string address = text;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                return false;
            }

            address = text[1..close];
            port = close + 2 <= text.Length - 1 ? text[(close + 2)..] : close + 1 < text.Length ? "" : null;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            address = text[..text.IndexOf(':', StringComparison.Ordinal)];
            port = text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }

        return AddressText.TryParseAddress(address, out _)
            && (port is null || (int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535));
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex NftName();

    private static List<string>? ReadArgv(YamlMap map, string key, LabReadContext context)
    {
        var items = map.Strings(key, required: true);
        if (items is null)
        {
            return null;
        }

        if (items.Count == 0)
        {
            context.Errors.Add(map.At(key), $"'{key}' must name a program, e.g. [ping, -c1, 10.0.0.2].");
            return null;
        }

        return items.Select(i => i.Value).ToList();
    }

    /// <summary>
    /// Where character <paramref name="offset"/> of a scalar's value sits in the file, so an error can point at the
    /// bad layer of a long pattern. Only for a one-line scalar whose text is its value (no escapes or folding);
    /// otherwise the scalar's start.
    /// </summary>
    private static Mark PositionIn(YamlNode node, int offset)
    {
        var start = node.Start;
        if (node is not YamlScalarNode { Value: { } value } scalar || node.End.Line != start.Line)
        {
            return start;
        }

        var quotes = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        var verbatim = scalar.Style is ScalarStyle.Plain or ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
            && node.End.Column - node.Start.Column == value.Length + (2 * quotes);
        return verbatim ? new Mark(start.Index + quotes + offset, start.Line, start.Column + quotes + offset) : start;
    }
}
