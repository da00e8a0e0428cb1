using NetAcademy.Packets.Decoding;

namespace NetAcademy.Packets.Formatting;

/// <summary>Splits a decoded packet into the columns of a packet list (<see cref="PacketColumns"/>).</summary>
/// <remarks>The columns are cut from the summary line, so the table and the summary never disagree.</remarks>
public static class PacketColumnsFormatter
{
    private const int StackBufferLength = 512;

    /// <summary>Formats <paramref name="layers"/> of <paramref name="frame"/> as columns.</summary>
    /// <param name="frame">The frame the layers were decoded from.</param>
    /// <param name="layers">The decoded layers.</param>
    public static PacketColumns Format(ReadOnlySpan<byte> frame, in LayerStack layers)
    {
        Span<int> starts = stackalloc int[LayerStack.Capacity];
        starts = starts[..layers.Count];
        Span<char> buffer = stackalloc char[StackBufferLength];
        string summary;
        if (PacketSummaryFormatter.TryFormat(frame, in layers, buffer, out var written, starts))
        {
            summary = new string(buffer[..written]);
        }
        else
        {
            var large = new char[StackBufferLength * 16];
            summary = PacketSummaryFormatter.TryFormat(frame, in layers, large, out written, starts) ? new string(large, 0, written) : new string(large);
        }

        if (layers.Count == 0)
        {
            return new PacketColumns(summary, "", "", "", summary, null);
        }

        var top = Top(in layers);
        var addressed = Addressed(in layers, top);
        var withAddresses = addressed >= 0 && PacketSummaryFormatter.HasFields(layers[addressed]);
        var source = withAddresses ? Address(layers[addressed].SourceAddress(frame)) : "";
        var destination = withAddresses ? Address(layers[addressed].DestinationAddress(frame)) : "";
        var info = summary[InfoStart(starts, addressed, summary.Length)..];
        return new PacketColumns(summary, source, destination, ProtocolName(layers[top]), info, Tunnel(summary, in layers, starts, addressed));
    }

    /// <summary>The topmost layer that is not part of a packet quoted in an ICMP error.</summary>
    private static int Top(in LayerStack layers)
    {
        for (var i = layers.Count - 1; i > 0; i--)
        {
            if ((layers[i].Flags & LayerFlags.Quoted) == 0)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>
    /// The header the address columns come from: the first IP or link-layer header below <paramref name="top"/>
    /// (so ARP inside VXLAN shows the inner MACs, ICMP inside it the inner IPs); -1 for none.
    /// </summary>
    private static int Addressed(in LayerStack layers, int top)
    {
        for (var i = top; i >= 0; i--)
        {
            if (layers[i].Kind is LayerKind.IPv4 or LayerKind.IPv6 or LayerKind.Ethernet or LayerKind.LinuxSll)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Where the info column starts: the first segment after the addressed header's, else that header's own.</summary>
    private static int InfoStart(ReadOnlySpan<int> starts, int addressed, int length)
    {
        for (var i = addressed + 1; i < starts.Length; i++)
        {
            if (starts[i] >= 0)
            {
                return Math.Min(starts[i], length);
            }
        }

        for (var i = Math.Max(addressed, 0); i >= 0; i--)
        {
            if (starts[i] >= 0)
            {
                return Math.Min(starts[i], length);
            }
        }

        return 0;
    }

    private static string? Tunnel(string summary, in LayerStack layers, ReadOnlySpan<int> starts, int addressed)
    {
        List<string>? tunnels = null;
        for (var i = 0; i < addressed; i++)
        {
            if (layers[i].Kind is not (LayerKind.IPInIP or LayerKind.Gre or LayerKind.Vxlan or LayerKind.Geneve) || starts[i] < 0)
            {
                continue;
            }

            var end = summary.IndexOf(" / ", starts[i], StringComparison.Ordinal);
            (tunnels ??= []).Add(summary[starts[i]..(end < 0 ? summary.Length : end)]);
        }

        return tunnels is null ? null : string.Join(" / ", tunnels);
    }

    private static string ProtocolName(in Layer layer) => layer.Kind switch
    {
        LayerKind.Vlan => ProtocolNames.VlanName(layer.VlanTpid),
        LayerKind.IPv6Extension => "IPv6",
        LayerKind.IPInIP => ProtocolNames.TunnelName(layer.OuterIPVersion, layer.Protocol),
        _ => PacketSummaryFormatter.Name(in layer),
    };

    private static string Address(ReadOnlySpan<byte> address)
    {
        if (address.IsEmpty)
        {
            return "";
        }

        Span<char> buffer = stackalloc char[64];
        var writer = new SpanTextWriter(buffer);
        AddressFormatter.Write(ref writer, address);
        return new string(buffer[..writer.Written]);
    }
}
