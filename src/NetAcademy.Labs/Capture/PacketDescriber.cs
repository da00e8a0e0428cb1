using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Fields;
using NetAcademy.Packets.Formatting;
using NetAcademy.Packets.Probes;

namespace NetAcademy.Labs.Capture;

/// <summary>Turns a decoded packet into the row the page shows: summary and columns, whether it is a grader's probe, layer list, fields and the first bytes.</summary>
public static class PacketDescriber
{
    /// <summary>Builds the row for <paramref name="record"/>, whose layers are already in <paramref name="layers"/>.</summary>
    /// <param name="number">1-based packet number in the capture.</param>
    /// <param name="record">The packet.</param>
    /// <param name="layers">Its decoded layers.</param>
    /// <param name="where">Node, namespace and interface it was captured on.</param>
    /// <param name="maxBytes">Bytes of the frame to include for the hex view.</param>
    /// <param name="probes">The signature of the grader's probes, to mark them.</param>
    public static CapturedPacket Describe(long number, in CaptureRecord record, in LayerStack layers, (string Node, string? Netns, string Interface) where, int maxBytes, ProbeSignature probes)
    {
        var frame = record.Data.Span;
        var layerList = new PacketLayerInfo[layers.Count];
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            layerList[i] = new PacketLayerInfo(layer.Kind.ToString(), layer.Offset, layer.HeaderLength, layer.IsMalformed);
        }

        var fields = new List<PacketFieldValue>();
        foreach (var name in PacketFields.Names)
        {
            if (PacketFields.Get(frame, in layers, name) is { } value)
            {
                fields.Add(new PacketFieldValue(name, value));
            }
        }

        ArgumentNullException.ThrowIfNull(probes);
        var data = frame[..Math.Min(frame.Length, maxBytes)].ToArray();
        var columns = PacketColumnsFormatter.Format(frame, in layers);
        return new CapturedPacket(
            number, record.Timestamp, where.Node, where.Netns, where.Interface, record.OriginalLength,
            columns.Summary, columns.Source, columns.Destination, columns.Protocol, columns.Info, columns.Tunnel, probes.Matches(frame, in layers),
            layerList, fields, data, data.Length < frame.Length);
    }
}
