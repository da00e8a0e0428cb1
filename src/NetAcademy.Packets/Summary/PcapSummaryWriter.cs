using System.Globalization;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Formatting;

namespace NetAcademy.Packets.Summary;

/// <summary>
/// Prints a capture as one line per packet:
/// <c>INDEX RELATIVE-SECONDS ORIGINAL-LENGTH SUMMARY</c>, e.g.
/// <c>3 0.000145 83 IPv4 172.30.0.2 &gt; 172.30.0.3 / TCP 44008 &gt; 5000 [P.] seq=1 ack=1 win=63 len=17</c>.
/// </summary>
/// <remarks>
/// The index starts at 1 (as in tshark); the time is relative to the first packet with six decimals;
/// the summary is <see cref="PacketSummaryFormatter"/>'s. Backs <c>netacademy pcap summary FILE</c>.
/// </remarks>
public static class PcapSummaryWriter
{
    /// <summary>Reads a pcap or pcapng capture from <paramref name="capture"/> and writes one line per packet.</summary>
    /// <param name="capture">The capture; read to its end, not disposed.</param>
    /// <param name="output">Where the lines go.</param>
    /// <param name="cancellationToken">Cancels reading and writing.</param>
    /// <returns>The number of packets written.</returns>
    /// <exception cref="CaptureFormatException">The capture is not valid pcap/pcapng; the lines before the damage are already written.</exception>
    public static async Task<int> WriteAsync(Stream capture, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(output);
        var reader = new CaptureStreamReader(capture);
        var layers = new LayerStack();
        long? firstTimestamp = null;
        var count = 0;
        while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } record)
        {
            count++;
            firstTimestamp ??= record.TimestampNanoseconds;
            var line = FormatLine(count, record, firstTimestamp.Value, ref layers);
            await output.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>Formats one line (without newline) for <paramref name="record"/>.</summary>
    /// <param name="index">1-based packet number.</param>
    /// <param name="record">The packet.</param>
    /// <param name="firstTimestampNanoseconds">Timestamp of the first packet of the capture.</param>
    /// <param name="layers">Scratch stack, reused between calls.</param>
    public static string FormatLine(int index, in CaptureRecord record, long firstTimestampNanoseconds, ref LayerStack layers)
    {
        var frame = record.Data.Span;
        PacketDecoder.Decode(frame, record.LinkType, ref layers);
        var relative = (record.TimestampNanoseconds - firstTimestampNanoseconds) / 1e9;
        return string.Create(CultureInfo.InvariantCulture, $"{index} {relative:F6} {record.OriginalLength} {PacketSummaryFormatter.Format(frame, in layers)}");
    }
}
