using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NetAcademy.Core.Labs.Netfilter;

/// <summary>
/// Which packets a netfilter trace follows: a protocol, addresses and ports, all optional but at least one. It becomes
/// the match of the platform's own trace rule (<see cref="ToNftTokens"/>) as separate argv words, each one validated
/// here, so nothing a lab or a learner writes is ever read by a shell.
/// </summary>
/// <param name="Protocol">tcp, udp, icmp, icmpv6, or null for any.</param>
/// <param name="Source">Source address or prefix (10.0.1.2, 10.0.1.0/24, fd00::1), or null.</param>
/// <param name="Destination">Destination address or prefix, or null.</param>
/// <param name="SourcePort">Source port (tcp or udp only), or null.</param>
/// <param name="DestinationPort">Destination port (tcp or udp only), or null.</param>
public sealed record TraceMatch(string? Protocol, string? Source, string? Destination, int? SourcePort, int? DestinationPort)
{
    /// <summary>The protocols a match can name.</summary>
    public static readonly IReadOnlyList<string> Protocols = ["tcp", "udp", "icmp", "icmpv6"];

    /// <summary>Why this match cannot be used, or null when it can.</summary>
    public string? Validate()
    {
        if (Protocol is null && Source is null && Destination is null && SourcePort is null && DestinationPort is null)
        {
            return "A trace match needs at least one of protocol, saddr, daddr, sport, dport: tracing every packet is too costly.";
        }

        if (Protocol is not null && !Protocols.Contains(Protocol))
        {
            return $"The protocol '{Protocol}' is not one a trace can match; use one of {string.Join(", ", Protocols)}.";
        }

        AddressFamily? family = null;
        foreach (var (name, text) in new[] { ("saddr", Source), ("daddr", Destination) })
        {
            if (text is null)
            {
                continue;
            }

            if (!TryParse(text, out var network))
            {
                return $"The {name} '{text}' must be an IP address or prefix, e.g. 10.0.1.2 or 10.0.1.0/24.";
            }

            if (family is { } f && f != network.BaseAddress.AddressFamily)
            {
                return "saddr and daddr must both be IPv4 or both IPv6.";
            }

            family = network.BaseAddress.AddressFamily;
        }

        foreach (var (name, port) in new[] { ("sport", SourcePort), ("dport", DestinationPort) })
        {
            if (port is null)
            {
                continue;
            }

            if (port is < 1 or > 65535)
            {
                return $"The {name} {port} must be between 1 and 65535.";
            }

            if (Protocol is not ("tcp" or "udp"))
            {
                return $"A {name} needs 'protocol: tcp' or 'protocol: udp'.";
            }
        }

        if ((Protocol == "icmp" && family == AddressFamily.InterNetworkV6) || (Protocol == "icmpv6" && family == AddressFamily.InterNetwork))
        {
            return $"{Protocol} does not go with {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} addresses.";
        }

        return null;
    }

    /// <summary>
    /// The match as nft words, e.g. <c>ip saddr 10.0.1.2 ip daddr 10.0.2.2 meta l4proto icmp</c>, one argv entry per word.
    /// </summary>
    /// <exception cref="InvalidOperationException">The match is not valid (<see cref="Validate"/>).</exception>
    public IReadOnlyList<string> ToNftTokens()
    {
        if (Validate() is { } error)
        {
            throw new InvalidOperationException(error);
        }

        var tokens = new List<string>();
        foreach (var (direction, text) in new[] { ("saddr", Source), ("daddr", Destination) })
        {
            if (text is not null && TryParse(text, out var network))
            {
                tokens.AddRange([network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? "ip" : "ip6", direction, Canonical(network)]);
            }
        }

        if (Protocol is not null)
        {
            tokens.AddRange(["meta", "l4proto", Protocol]);
        }

        if (SourcePort is { } sport)
        {
            tokens.AddRange(["th", "sport", sport.ToString(CultureInfo.InvariantCulture)]);
        }

        if (DestinationPort is { } dport)
        {
            tokens.AddRange(["th", "dport", dport.ToString(CultureInfo.InvariantCulture)]);
        }

        return tokens;
    }

    /// <summary>"icmp 10.0.1.2 > 10.0.2.2", "tcp * > 10.0.1.1 port 8080": the match in a sentence.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Protocol is not null)
        {
            parts.Add(Protocol);
        }

        if (Source is not null || Destination is not null)
        {
            parts.Add($"{Source ?? "*"} > {Destination ?? "*"}");
        }

        if (SourcePort is { } s)
        {
            parts.Add($"from port {s}");
        }

        if (DestinationPort is { } d)
        {
            parts.Add($"to port {d}");
        }

        return string.Join(' ', parts);
    }

    /// <summary>Parses an address (a full-length prefix) or a prefix with <see cref="AddressText"/>'s strict rules.</summary>
    /// <param name="text">The text.</param>
    /// <param name="network">The prefix.</param>
    public static bool TryParse(string text, out IPNetwork network) => AddressText.TryParsePrefix(text, out network);

    private static string Canonical(IPNetwork network) =>
        network.PrefixLength == AddressText.MaxPrefixLength(network.BaseAddress) ? network.BaseAddress.ToString() : network.ToString();
}
