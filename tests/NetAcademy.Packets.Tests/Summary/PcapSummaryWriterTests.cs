using System.Diagnostics;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Summary;
using NetAcademy.Packets.Tests.Support;
using Xunit.Abstractions;

namespace NetAcademy.Packets.Tests.Summary;

public class PcapSummaryWriterTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("tcp.pcap")]
    [InlineData("tcp.pcapng")]
    public async Task WriteAsync_TcpCapture_WritesExpectedLines(string capture)
    {
        await using var file = File.OpenRead(FixtureFiles.PathOf(capture));
        using var writer = new StringWriter { NewLine = "\n" };

        var count = await PcapSummaryWriter.WriteAsync(file, writer, CancellationToken.None);

        Assert.Equal(10, count);
        var expected = await File.ReadAllTextAsync(FixtureFiles.PathOf("tcp.summary.txt"));
        Assert.Equal(expected, writer.ToString());
    }

    [Fact]
    public async Task WriteAsync_NotACapture_ThrowsFormatException()
    {
        using var input = new MemoryStream("hello, this is text"u8.ToArray());
        using var writer = new StringWriter();

        await Assert.ThrowsAsync<CaptureFormatException>(() => PcapSummaryWriter.WriteAsync(input, writer, CancellationToken.None));
    }

    /// <summary>Reports decode throughput (decode only, no formatting); asserts only that decoding did real work.</summary>
    [Fact]
    public void Decode_AllFixturesRepeated_ReportsThroughput()
    {
        var packets = FixtureFiles.CaptureNames.SelectMany(FixtureFiles.ReadPackets).ToArray();
        var layers = new LayerStack();
        const int rounds = 5_000;
        long layerCount = 0;
        var stopwatch = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (linkType, data) in packets)
            {
                PacketDecoder.Decode(data, linkType, ref layers);
                layerCount += layers.Count;
            }
        }

        stopwatch.Stop();
        var total = (long)rounds * packets.Length;
        var rate = total / stopwatch.Elapsed.TotalSeconds;
        output.WriteLine($"decoded {total} packets ({layerCount} layers) in {stopwatch.ElapsedMilliseconds} ms: {rate:N0} packets/s");
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "netacademy-packets-throughput.txt"), $"{rate:N0} packets/s over {total} packets\n");
        Assert.True(layerCount > total * 2, "fixture packets have at least three layers on average");
    }
}
