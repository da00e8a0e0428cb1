using System.Buffers.Binary;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Tests.Support;

namespace NetAcademy.Packets.Tests.Capture;

public class CaptureReaderTests
{
    public static TheoryData<string> Captures() => FixtureFiles.Captures();

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task ReadNextAsync_StreamDeliveringOneToSevenBytes_YieldsSameRecordsAsBufferReader(string capture)
    {
        var bytes = await File.ReadAllBytesAsync(FixtureFiles.PathOf(capture));
        var expected = ReadAll(bytes);
        using var stream = new TricklingStream(bytes, new Random(capture.Length));
        var reader = new CaptureStreamReader(stream, bufferSize: 64);
        var actual = new List<(long, LinkType, int, byte[])>();
        while (await reader.ReadNextAsync(CancellationToken.None) is { } record)
        {
            actual.Add((record.TimestampNanoseconds, record.LinkType, record.OriginalLength, record.Data.ToArray()));
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Item1, actual[i].Item1);
            Assert.Equal(expected[i].Item2, actual[i].Item2);
            Assert.Equal(expected[i].Item3, actual[i].Item3);
            Assert.Equal(expected[i].Item4, actual[i].Item4);
        }
    }

    [Fact]
    public void TryReadNext_PcapAndPcapngOfSameTraffic_GiveSameRecords()
    {
        var pcap = ReadAll(File.ReadAllBytes(FixtureFiles.PathOf("tcp.pcap")));
        var pcapng = ReadAll(File.ReadAllBytes(FixtureFiles.PathOf("tcp.pcapng")));

        Assert.Equal(10, pcap.Count);
        Assert.Equal(pcap.Select(r => r.Item1), pcapng.Select(r => r.Item1));
        Assert.Equal(pcap.Select(r => Convert.ToHexString(r.Item4)), pcapng.Select(r => Convert.ToHexString(r.Item4)));
    }

    [Fact]
    public void TryReadNext_NanosecondPcap_KeepsNanoseconds()
    {
        var records = ReadAll(File.ReadAllBytes(FixtureFiles.PathOf("udp-dns.pcap")));

        // tcpdump --time-stamp-precision=nano: at least one timestamp is not a whole microsecond.
        Assert.Contains(records, r => r.Item1 % 1000 != 0);
    }

    [Theory]
    [InlineData("tcp.pcap")]
    [InlineData("udp-dns.pcap")]
    public void TryReadNext_BigEndianPcap_MatchesLittleEndian(string capture)
    {
        var little = File.ReadAllBytes(FixtureFiles.PathOf(capture));
        var big = (byte[])little.Clone();
        SwapWords(big, 0, 1);
        SwapHalves(big, 4, 2);
        SwapWords(big, 8, 4);
        for (var position = 24; position < big.Length;)
        {
            var captured = BinaryPrimitives.ReadInt32LittleEndian(little.AsSpan(position + 8));
            SwapWords(big, position, 4);
            position += 16 + captured;
        }

        Assert.Equal(Flatten(ReadAll(little)), Flatten(ReadAll(big)));
    }

    [Fact]
    public void TryReadNext_BigEndianPcapngWithTsresolAndUnknownAndSimpleBlocks_ReadsPackets()
    {
        var frame = Convert.FromHexString("02000000000202000000000108004500001400010000401100000000000000000000");
        var blocks = new List<byte[]>
        {
            Block(0x0A0D0D0A, [.. U32(0x1A2B3C4D), .. U16(1), .. U16(0), .. U64(ulong.MaxValue)]),
            // if_tsresol = 2^-10 seconds per unit.
            Block(1, [.. U16(1), .. U16(0), .. U32(0), .. U16(9), .. U16(1), 0x8A, 0, 0, 0, .. U16(0), .. U16(0)]),
            Block(0x0BAD, [1, 2, 3, 4]),
            Block(6, [.. U32(0), .. U32(0), .. U32(3 * 1024 + 512), .. U32((uint)frame.Length), .. U32(60), .. Pad(frame)]),
            Block(3, [.. U32((uint)frame.Length), .. Pad(frame)]),
        };
        var records = ReadAll(blocks.SelectMany(b => b).ToArray());

        Assert.Equal(2, records.Count);
        Assert.Equal(3_500_000_000L, records[0].Item1);
        Assert.Equal(60, records[0].Item3);
        Assert.Equal(frame, records[0].Item4);
        Assert.Equal(frame, records[1].Item4);
        Assert.Equal(LinkType.Ethernet, records[1].Item2);
    }

    [Fact]
    public async Task ReadNextAsync_EndlessInterfaceDescriptions_StopsAtTheBoundWithAReason()
    {
        // What a learner's own "tcpdump" could write forever: a section header, then interface descriptions only.
        var header = Block(0x0A0D0D0A, [.. U32(0x1A2B3C4D), .. U16(1), .. U16(0), .. U64(ulong.MaxValue)]);
        var description = Block(1, [.. U16(1), .. U16(0), .. U32(65535)]);
        var bytes = new List<byte>(header);
        for (var i = 0; i < CaptureStreamReader.MaxInterfaces + 10; i++)
        {
            bytes.AddRange(description);
        }
        using var stream = new MemoryStream([.. bytes]);
        var reader = new CaptureStreamReader(stream);

        var error = await Assert.ThrowsAsync<CaptureFormatException>(async () => await reader.ReadNextAsync(CancellationToken.None));

        Assert.Contains($"more than {CaptureStreamReader.MaxInterfaces} interfaces", error.Message, StringComparison.Ordinal);
        Assert.Equal(header.Length + (CaptureStreamReader.MaxInterfaces * description.Length), error.Position);
    }

    [Fact]
    public void TryReadNext_UnknownMagic_ThrowsFormatException()
    {
        var reader = new CaptureBufferReader(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });

        var error = Assert.Throws<CaptureFormatException>(() => reader.TryReadNext(out _));
        Assert.Contains("unknown magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadNextAsync_StreamEndsInsideRecord_ThrowsFormatException()
    {
        var bytes = await File.ReadAllBytesAsync(FixtureFiles.PathOf("tcp.pcap"));
        using var stream = new MemoryStream(bytes, 0, bytes.Length - 5);
        var reader = new CaptureStreamReader(stream);

        await Assert.ThrowsAsync<CaptureFormatException>(async () =>
        {
            while (await reader.ReadNextAsync(CancellationToken.None) is not null)
            {
            }
        });
    }

    [Fact]
    public async Task ReadNextAsync_CancelledWhileWaiting_Throws()
    {
        var reader = new CaptureStreamReader(new BlockingStream());
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadNextAsync(cancellation.Token));
    }

    private static List<(long, LinkType, int, byte[])> ReadAll(byte[] capture)
    {
        var reader = new CaptureBufferReader(capture);
        var records = new List<(long, LinkType, int, byte[])>();
        while (reader.TryReadNext(out var record))
        {
            records.Add((record.TimestampNanoseconds, record.LinkType, record.OriginalLength, record.Data.ToArray()));
        }

        return records;
    }

    private static IEnumerable<string> Flatten(List<(long, LinkType, int, byte[])> records) =>
        records.Select(r => $"{r.Item1} {r.Item2} {r.Item3} {Convert.ToHexString(r.Item4)}");

    private static void SwapWords(byte[] bytes, int offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            bytes.AsSpan(offset + (4 * i), 4).Reverse();
        }
    }

    private static void SwapHalves(byte[] bytes, int offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            bytes.AsSpan(offset + (2 * i), 2).Reverse();
        }
    }

    private static byte[] U16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Pad(byte[] data) => [.. data, .. new byte[(4 - (data.Length % 4)) % 4]];

    private static byte[] Block(uint type, byte[] body)
    {
        var length = (uint)(12 + body.Length);
        return [.. U32(type), .. U32(length), .. body, .. U32(length)];
    }

    /// <summary>Returns at most 1 to 7 bytes per read, like a slow network relay.</summary>
    private sealed class TricklingStream(byte[] data, Random random) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, random.Next(1, 8))], cancellationToken);
    }

    /// <summary>Never delivers data: models a capture with no traffic.</summary>
    private sealed class BlockingStream : MemoryStream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }
}
