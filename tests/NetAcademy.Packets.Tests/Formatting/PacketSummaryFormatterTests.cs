using System.Globalization;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Formatting;
using NetAcademy.Packets.Tests.Support;

namespace NetAcademy.Packets.Tests.Formatting;

/// <summary>
/// Summary lines as data: Fixtures/summary-cases.txt holds packet bytes and the expected line. Real
/// packets come from the recorded fixtures (checked against tshark's view of the same packet),
/// crafted ones cover link types and damage the recordings lack.
/// </summary>
public class PacketSummaryFormatterTests
{
    public static TheoryData<string, int, string, string> Cases()
    {
        var data = new TheoryData<string, int, string, string>();
        string? title = null, hex = null;
        var link = 0;
        foreach (var raw in File.ReadLines(FixtureFiles.PathOf("summary-cases.txt")))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                title = line[2..];
            }
            else if (line.StartsWith("link ", StringComparison.Ordinal))
            {
                link = int.Parse(line[5..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("hex ", StringComparison.Ordinal))
            {
                hex = line[4..].Replace(" ", string.Empty, StringComparison.Ordinal);
            }
            else if (line.StartsWith("line ", StringComparison.Ordinal))
            {
                data.Add(title ?? "untitled", link, hex ?? string.Empty, line[5..]);
                title = hex = null;
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Format_PacketBytes_ProducesExpectedLine(string title, int linkType, string hex, string expected)
    {
        var frame = Convert.FromHexString(hex);
        var layers = new LayerStack();
        PacketDecoder.Decode(frame, (LinkType)linkType, ref layers);

        Assert.False(string.IsNullOrEmpty(title));
        Assert.Equal(expected, PacketSummaryFormatter.Format(frame, in layers));
    }

    [Fact]
    public void TryFormat_DestinationTooSmall_ReturnsFalse()
    {
        var (linkType, frame) = FixtureFiles.ReadPackets("tunnels.pcap")[0];
        var layers = new LayerStack();
        PacketDecoder.Decode(frame, linkType, ref layers);
        var full = PacketSummaryFormatter.Format(frame, in layers);

        Assert.False(PacketSummaryFormatter.TryFormat(frame, in layers, new char[full.Length - 1], out _));
        var exact = new char[full.Length];
        Assert.True(PacketSummaryFormatter.TryFormat(frame, in layers, exact, out var written));
        Assert.Equal(full, new string(exact, 0, written));
    }

    [Fact]
    public void Format_ThirtyNestedIpipHeaders_StopsAtCapacityWithMarker()
    {
        const int depth = 30;
        var frame = new byte[(depth * 20) + 8];
        for (var i = 0; i < depth; i++)
        {
            var header = frame.AsSpan(i * 20, 20);
            header[0] = 0x45;
            var total = frame.Length - (i * 20);
            header[2] = (byte)(total >> 8);
            header[3] = (byte)total;
            header[8] = 64;
            header[9] = (byte)(i == depth - 1 ? 1 : 4);
            header[15] = 1;
            header[19] = 2;
        }

        var layers = new LayerStack();
        PacketDecoder.Decode(frame, LinkType.Raw, ref layers);
        var summary = PacketSummaryFormatter.Format(frame, in layers);

        Assert.Equal(LayerStack.Capacity, layers.Count);
        Assert.True(layers.DepthExceeded);
        Assert.StartsWith("IPv4 0.0.0.1 > 0.0.0.2 / IPIP / IPv4 0.0.0.1 > 0.0.0.2 / IPIP", summary, StringComparison.Ordinal);
        Assert.EndsWith(" [too deep]", summary, StringComparison.Ordinal);
    }
}
