using System.Net;
using System.Text.Json;

namespace NetAcademy.Core.Graph;

/// <summary>
/// Reads iproute2 JSON into <see cref="RawNamespace"/>. Tolerant by design: fields may be missing or of an
/// unexpected type (iproute2 versions differ); only text that is not JSON at all is reported, as an error.
/// </summary>
internal static class IpJsonReader
{
    public static RawNamespace Read(NamespaceSnapshot snapshot, List<GraphDiagnostic> diagnostics)
    {
        var space = new RawNamespace(snapshot.Node, snapshot.Netns);
        if (snapshot.CollectionError is { } error)
        {
            diagnostics.Add(new GraphDiagnostic(GraphDiagnosticSeverity.Error, snapshot.Node, snapshot.Netns, "exec", error));
            if (string.IsNullOrWhiteSpace(snapshot.LinkJson))
            {
                return space;
            }
        }

        using (var links = Parse(snapshot, "link", snapshot.LinkJson, required: true, diagnostics))
        {
            if (links is not null)
            {
                ReadLinks(space, links.RootElement, diagnostics);
            }
        }

        using (var addrs = Parse(snapshot, "addr", snapshot.AddrJson, required: false, diagnostics))
        {
            if (addrs is not null)
            {
                ReadAddresses(space, addrs.RootElement);
            }
        }

        foreach (var (source, text, v6) in new[] { ("route", snapshot.RouteJson, false), ("route6", snapshot.Route6Json, true) })
        {
            using var routes = Parse(snapshot, source, text, required: false, diagnostics);
            if (routes is not null)
            {
                ReadRoutes(space, routes.RootElement, v6);
            }
        }

        using (var bridge = Parse(snapshot, "bridge", snapshot.BridgeLinkJson, required: false, diagnostics))
        {
            if (bridge is not null)
            {
                ReadBridgePorts(space, bridge.RootElement);
            }
        }

        using (var vlans = Parse(snapshot, "bridge-vlan", snapshot.BridgeVlanJson, required: false, diagnostics))
        {
            if (vlans is not null)
            {
                ReadBridgeVlans(space, vlans.RootElement, diagnostics);
            }
        }

        using (var ids = Parse(snapshot, "netns-ids", snapshot.NetnsIdsJson, required: false, diagnostics))
        {
            if (ids is not null)
            {
                space.NsidNames = ReadNsids(ids.RootElement);
            }
        }

        return space;
    }

    private static JsonDocument? Parse(NamespaceSnapshot snapshot, string source, string? text, bool required, List<GraphDiagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                diagnostics.Add(new GraphDiagnostic(GraphDiagnosticSeverity.Error, snapshot.Node, snapshot.Netns, source,
                    $"no output from `ip -j {source}`; the namespace's interfaces are missing"));
            }

            return null;
        }

        try
        {
            var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 64 });
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                diagnostics.Add(new GraphDiagnostic(GraphDiagnosticSeverity.Error, snapshot.Node, snapshot.Netns, source,
                    $"expected a JSON array from `{source}`, got {doc.RootElement.ValueKind}"));
                doc.Dispose();
                return null;
            }

            return doc;
        }
        catch (JsonException e)
        {
            diagnostics.Add(new GraphDiagnostic(GraphDiagnosticSeverity.Error, snapshot.Node, snapshot.Netns, source,
                $"invalid JSON from `{source}`: {e.Message}"));
            return null;
        }
    }

    private static void ReadLinks(RawNamespace space, JsonElement array, List<GraphDiagnostic> diagnostics)
    {
        foreach (var e in array.EnumerateArray())
        {
            if (Int(e, "ifindex") is not { } ifindex || Str(e, "ifname") is not { Length: > 0 } name)
            {
                continue;
            }

            if (space.Link(name) is not null)
            {
                diagnostics.Add(new GraphDiagnostic(GraphDiagnosticSeverity.Warning, space.Node, space.Netns, "link",
                    $"interface '{name}' is listed twice; the first entry is kept"));
                continue;
            }

            var info = Obj(e, "linkinfo");
            var kind = info is { } i ? Str(i, "info_kind") : null;
            var data = info is { } j ? Obj(j, "info_data") : null;
            var tunType = data is { } d && kind == "tun" ? Str(d, "type") : null;

            var link = new RawLink
            {
                Space = space,
                IfIndex = ifindex,
                Name = name,
                RawKind = tunType == "tap" ? "tap" : kind,
                LinkType = Str(e, "link_type"),
                Flags = Strings(e, "flags"),
                OperState = Str(e, "operstate") ?? "UNKNOWN",
                Mtu = Int(e, "mtu"),
                Mac = Str(e, "link_type") is "none" ? null : Str(e, "address"),
                LinkIndex = Int(e, "link_index"),
                LinkName = Str(e, "link"),
                LinkNetnsId = Int(e, "link_netnsid"),
                Master = Str(e, "master"),
                Vxlan = kind == "vxlan" && data is { } vx ? ReadVxlan(vx) : null,
                Tunnel = IsIpTunnel(kind) && data is { } tu ? ReadTunnel(tu) : null,
                VlanId = kind == "vlan" && data is { } vl && Int(vl, "id") is { } vid && vid is >= BridgeVlan.MinId and <= BridgeVlan.MaxId ? vid : null,
            };
            link.Kind = Classify(link);
            space.Links.Add(link);
        }
    }

    private static bool IsIpTunnel(string? kind) =>
        kind is "ipip" or "sit" or "ip6tnl" or "gre" or "gretap" or "ip6gre" or "ip6gretap" or "erspan" or "ip6erspan";

    private static InterfaceKind Classify(RawLink link) => link.RawKind switch
    {
        "veth" => InterfaceKind.Veth,
        "bridge" => InterfaceKind.Bridge,
        "vxlan" => InterfaceKind.Vxlan,
        "tun" => InterfaceKind.Tun,
        "tap" => InterfaceKind.Tap,
        "ipip" or "sit" or "ip6tnl" => InterfaceKind.Ipip,
        "gre" or "gretap" or "ip6gre" or "ip6gretap" or "erspan" or "ip6erspan" => InterfaceKind.Gre,
        "macvlan" or "macvtap" => InterfaceKind.Macvlan,
        "vlan" => InterfaceKind.Vlan,
        "dummy" => InterfaceKind.Dummy,
        _ when link.LinkType == "loopback" => InterfaceKind.Loopback,
        _ => InterfaceKind.Other,
    };

    private static VxlanInfo ReadVxlan(JsonElement d) => new(
        Id: Long(d, "id"),
        Local: Address(d, "local") ?? Address(d, "local6"),
        Remote: Address(d, "remote") ?? Address(d, "remote6"),
        Group: Address(d, "group") ?? Address(d, "group6"),
        Dev: Str(d, "link"),
        Port: Int(d, "port"));

    private static TunnelInfo ReadTunnel(JsonElement d) => new(
        Local: Address(d, "local"),
        Remote: Address(d, "remote"),
        Dev: Str(d, "link"));

    /// <summary>An address field; iproute2 prints <c>any</c> for an unset tunnel endpoint.</summary>
    private static string? Address(JsonElement e, string name) => Str(e, name) is { } s && s != "any" ? s : null;

    private static void ReadAddresses(RawNamespace space, JsonElement array)
    {
        foreach (var e in array.EnumerateArray())
        {
            var link = Int(e, "ifindex") is { } index
                ? space.Links.FirstOrDefault(l => l.IfIndex == index)
                : Str(e, "ifname") is { } name ? space.Link(name) : null;
            if (link is null || Arr(e, "addr_info") is not { } infos)
            {
                continue;
            }

            foreach (var a in infos.EnumerateArray())
            {
                if (Str(a, "local") is { } local && IPAddress.TryParse(local, out var ip) && Int(a, "prefixlen") is { } len
                    && !link.HasAddress(ip))
                {
                    link.Addresses.Add(new InterfaceAddress(ip, len, Str(a, "scope")));
                }
            }
        }
    }

    private static void ReadRoutes(RawNamespace space, JsonElement array, bool v6)
    {
        foreach (var e in array.EnumerateArray())
        {
            if (Str(e, "dst") is not { } dst)
            {
                continue;
            }

            var gateway = Str(e, "gateway") ?? (Obj(e, "via") is { } via ? Str(via, "host") : null);
            space.Routes.Add(new GraphRoute(dst, gateway, Str(e, "dev"), Str(e, "protocol"), Str(e, "scope"), Str(e, "type"), Long(e, "metric"), v6));
        }
    }

    private static void ReadBridgePorts(RawNamespace space, JsonElement array)
    {
        foreach (var e in array.EnumerateArray())
        {
            if (Str(e, "ifname") is { } name && Str(e, "master") is { } master && space.Link(name) is { Master: null } link)
            {
                link.Master = master;
            }
        }
    }

    /// <summary>
    /// <c>bridge -j vlan show</c>: <c>[{"ifname":"eth1","vlans":[{"vlan":10,"flags":["PVID","Egress Untagged"]},
    /// {"vlan":100,"vlanEnd":102}]}]</c>. Entries that are not a valid VLAN (id outside 1-4094, a range that runs
    /// backwards) are skipped; a port keeps at most <see cref="BridgeVlan.MaxId"/> entries, as many as there are VLANs,
    /// so a node that prints more (the learner is root and can replace <c>bridge</c>) costs no more than that.
    /// </summary>
    private static void ReadBridgeVlans(RawNamespace space, JsonElement array, List<GraphDiagnostic> diagnostics)
    {
        var skipped = 0;
        foreach (var e in array.EnumerateArray())
        {
            if (Str(e, "ifname") is not { } name || space.Link(name) is not { } link || Arr(e, "vlans") is not { } vlans)
            {
                continue;
            }

            link.BridgeVlans ??= [];
            foreach (var v in vlans.EnumerateArray())
            {
                if (Int(v, "vlan") is not { } first || first is < BridgeVlan.MinId or > BridgeVlan.MaxId)
                {
                    skipped++;
                    continue;
                }

                var last = Int(v, "vlanEnd") ?? first;
                if (last < first || last > BridgeVlan.MaxId || link.BridgeVlans.Count >= BridgeVlan.MaxId)
                {
                    skipped++;
                    continue;
                }

                var flags = Strings(v, "flags");
                link.BridgeVlans.Add(new BridgeVlan(first, last, flags.Contains("PVID"), flags.Contains("Egress Untagged")));
            }
        }

        if (skipped > 0)
        {
            diagnostics.Add(new GraphDiagnostic(GraphDiagnosticSeverity.Warning, space.Node, space.Netns, "bridge-vlan",
                $"{skipped} VLAN entries of `bridge vlan show` were not valid VLANs (ids 1-4094) or one too many for a port, and were left out"));
        }
    }

    private static Dictionary<int, string?> ReadNsids(JsonElement array)
    {
        var map = new Dictionary<int, string?>();
        foreach (var e in array.EnumerateArray())
        {
            if (Int(e, "nsid") is { } id)
            {
                map[id] = Str(e, "name");
            }
        }

        return map;
    }

    private static JsonElement? Prop(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : null;

    private static string? Str(JsonElement e, string name) => Prop(e, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static long? Long(JsonElement e, string name) =>
        Prop(e, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out var n) ? n : null;

    private static int? Int(JsonElement e, string name) =>
        Prop(e, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var n) ? n : null;

    private static JsonElement? Obj(JsonElement e, string name) => Prop(e, name) is { ValueKind: JsonValueKind.Object } v ? v : null;

    private static JsonElement? Arr(JsonElement e, string name) => Prop(e, name) is { ValueKind: JsonValueKind.Array } v ? v : null;

    private static string[] Strings(JsonElement e, string name) =>
        Arr(e, name) is { } a ? a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray() : [];
}
