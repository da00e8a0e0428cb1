using System.Diagnostics;
using NetAcademy.Labs.Capture;
using NetAcademy.Packets.Capture;

namespace NetAcademy.Labs.Tests.Capture;

public sealed class PcapRingTests
{
    private const long Start = 1_700_000_000_123_456_789L;

    /// <summary>A frame whose bytes encode its index, so each record can be told apart after a round trip.</summary>
    private static byte[] Frame(int index, int length)
    {
        var frame = new byte[length];
        BitConverter.TryWriteBytes(frame, index);
        for (var i = 4; i < length; i++)
        {
            frame[i] = (byte)(index + i);
        }
        return frame;
    }

    private static List<(long Timestamp, int Index, int Length, int Original)> Read(byte[] pcap)
    {
        var reader = new CaptureBufferReader(pcap);
        var records = new List<(long, int, int, int)>();
        while (reader.TryReadNext(out var record))
        {
            records.Add((record.TimestampNanoseconds, BitConverter.ToInt32(record.Data.Span), record.CapturedLength, record.OriginalLength));
            Assert.Equal(LinkType.Ethernet, record.LinkType);
        }
        return records;
    }

    [Fact]
    public void ToPcap_Empty_IsAValidPcapWithNoPackets()
    {
        var ring = new PcapRing(4096);

        var pcap = ring.ToPcap();

        Assert.Equal(PcapRing.FileHeaderLength, pcap.Length);
        Assert.Empty(Read(pcap));
    }

    [Fact]
    public void ToPcap_FewPackets_RoundTripsTimestampsLengthsAndBytes()
    {
        var ring = new PcapRing(64 * 1024);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(ring.Append(Start + (i * 1_000_001L), LinkType.Ethernet, 1500, Frame(i, 60 + i)));
        }

        var records = Read(ring.ToPcap());

        Assert.Equal(10, records.Count);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal((Start + (i * 1_000_001L), i, 60 + i, 1500), records[i]);
        }
        Assert.Equal(0, ring.DroppedPackets);
        Assert.Equal(10, ring.StoredPackets);
    }

    [Fact]
    public void Append_MoreThanCapacity_DropsOldestWholeAndStaysValid()
    {
        const int capacity = 10_000;
        var ring = new PcapRing(capacity);
        var lengths = new List<int>();
        for (var i = 0; i < 1000; i++)
        {
            // Varying sizes make records straddle the end of the array, which forces the wrap path.
            var length = 40 + ((i * 37) % 400);
            lengths.Add(length);
            ring.Append(Start + i, LinkType.Ethernet, length, Frame(i, length));
        }

        var records = Read(ring.ToPcap());

        Assert.NotEmpty(records);
        Assert.Equal(1000, ring.TotalPackets);
        Assert.Equal(1000, records.Count + ring.DroppedPackets);
        // The newest packets survive, contiguous and in order.
        Assert.Equal(999, records[^1].Index);
        for (var k = 1; k < records.Count; k++)
        {
            Assert.Equal(records[k - 1].Index + 1, records[k].Index);
        }
        foreach (var record in records)
        {
            Assert.Equal(lengths[record.Index], record.Length);
        }
        Assert.True(ring.StoredBytes <= capacity);
        // Nearly full: at most one record's worth of slack plus the gap at the end of the array.
        Assert.True(ring.StoredBytes > capacity - (2 * (16 + 440)), $"stored {ring.StoredBytes}");
        Assert.Equal(capacity, ring.AllocatedBytes);
    }

    [Fact]
    public void Append_LargerThanRing_IsDroppedAndCounted()
    {
        var ring = new PcapRing(1000);

        Assert.False(ring.Append(Start, LinkType.Ethernet, 2000, Frame(0, 2000)));
        Assert.True(ring.Append(Start, LinkType.Ethernet, 100, Frame(1, 100)));

        Assert.Equal(1, ring.DroppedPackets);
        Assert.Equal([1], Read(ring.ToPcap()).Select(r => r.Index));
    }

    [Fact]
    public void Append_Idle_AllocatesLittleAndGrowsToCapacity()
    {
        var ring = new PcapRing(8 * 1024 * 1024);
        Assert.True(ring.AllocatedBytes <= 64 * 1024);

        for (var i = 0; i < 10_000; i++)
        {
            ring.Append(Start + i, LinkType.Ethernet, 1514, Frame(i, 1514));
        }

        Assert.Equal(8 * 1024 * 1024, ring.AllocatedBytes);
        var records = Read(ring.ToPcap());
        Assert.Equal(9999, records[^1].Index);
        Assert.Equal(10_000 - records.Count, ring.DroppedPackets);
    }

    [Fact]
    public void Append_OtherLinkType_IsDroppedBecauseOnePcapHasOneLinkType()
    {
        var ring = new PcapRing(4096);
        ring.Append(Start, LinkType.Ethernet, 60, Frame(0, 60));

        Assert.False(ring.Append(Start, LinkType.Raw, 60, Frame(1, 60)));
        Assert.Single(Read(ring.ToPcap()));
    }

    [Fact]
    public async Task ToPcap_AfterWrapping_TsharkReadsEveryRecord()
    {
        if (!File.Exists("/usr/bin/tshark"))
        {
            Assert.Fail("tshark is needed at /usr/bin/tshark for this test.");
        }
        var ring = new PcapRing(5000);
        var frame = Convert.FromHexString(
            "0242ac1400030242ac14000208004500005412344000400100000a0000010a000002" +
            "0800f7ff0001000100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000");
        for (var i = 0; i < 200; i++)
        {
            ring.Append(Start + (i * 1000L), LinkType.Ethernet, frame.Length, frame);
        }
        var path = Path.Combine(Path.GetTempPath(), $"ring-{Guid.NewGuid():n}.pcap");
        await File.WriteAllBytesAsync(path, ring.ToPcap());
        try
        {
            var info = new ProcessStartInfo("/usr/bin/tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-r", path, "-T", "fields", "-e", "icmp.type" })
            {
                info.ArgumentList.Add(arg);
            }
            using var tshark = Process.Start(info)!;
            var output = await tshark.StandardOutput.ReadToEndAsync();
            var errors = await tshark.StandardError.ReadToEndAsync();
            await tshark.WaitForExitAsync();

            Assert.True(tshark.ExitCode == 0, errors);
            Assert.DoesNotContain("cut short", errors, StringComparison.Ordinal);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(ring.StoredPackets, lines.Length);
            Assert.All(lines, l => Assert.Equal("8", l));
            Assert.True(ring.DroppedPackets > 0);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
