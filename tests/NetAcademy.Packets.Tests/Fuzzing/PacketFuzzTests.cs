using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Fields;
using NetAcademy.Packets.Formatting;
using NetAcademy.Packets.Tests.Support;
using NetAcademy.Testing.Fuzzing;

namespace NetAcademy.Packets.Tests.Fuzzing;

/// <summary>
/// Property: for any bytes, the capture readers either return records or throw their documented
/// <see cref="CaptureFormatException"/>, and the decoder, formatter and field readers never throw. Inputs are
/// the recorded fixtures, mutated. Budget: a few seconds each; NETACADEMY_FUZZ_SECONDS=600 for a long run.
/// </summary>
public sealed class PacketFuzzTests
{
    private static readonly LinkType[] LinkTypes =
        [LinkType.Ethernet, LinkType.Raw, LinkType.LinuxSll, LinkType.LinuxSll2, LinkType.IPv4, LinkType.IPv6, (LinkType)147, (LinkType)0xFFFF];

    private static readonly byte[][] Files = FixtureFiles.CaptureNames.Select(n => File.ReadAllBytes(FixtureFiles.PathOf(n))).ToArray();

    [Fact]
    public void CaptureBufferReader_MutatedCaptureFiles_OnlyFormatErrorsEscape()
    {
        var packets = 0L;
        var iterations = FuzzLoop.Run("pcap-buffer", new Mutator(Files), input =>
        {
            var reader = new CaptureBufferReader(input);
            try
            {
                while (reader.TryReadNext(out var record))
                {
                    DecodeEverything(record.Data.Span, record.LinkType);
                    packets++;
                }
            }
            catch (CaptureFormatException)
            {
                // The documented answer to a damaged file.
            }
        });

        Assert.True(iterations > 100, $"only {iterations} inputs in the budget");
        Assert.True(packets > 0, "no mutated capture yielded a single packet: the mutations are too coarse to reach the decoders");
    }

    [Fact]
    public async Task CaptureStreamReader_MutatedCapturesInRandomChunks_OnlyFormatErrorsEscape()
    {
        var iterations = await FuzzLoop.RunAsync("pcap-stream", new Mutator(Files), async input =>
        {
            await using var stream = new ChunkedStream(input, new Random(input.Length));
            var reader = new CaptureStreamReader(stream, bufferSize: 64);
            try
            {
                while (await reader.ReadNextAsync(CancellationToken.None) is { } record)
                {
                    DecodeEverything(record.Data.Span, record.LinkType);
                }
            }
            catch (CaptureFormatException)
            {
            }
        });

        Assert.True(iterations > 100, $"only {iterations} inputs in the budget");
    }

    [Fact]
    public void Decode_MutatedFramesUnderEveryLinkType_NeverThrows()
    {
        var frames = Files.SelectMany(file =>
        {
            var reader = new CaptureBufferReader(file);
            var list = new List<byte[]>();
            while (reader.TryReadNext(out var record))
            {
                list.Add(record.Data.ToArray());
            }
            return list;
        }).ToList();
        var linkIndex = 0;

        var iterations = FuzzLoop.Run("frames", new Mutator(frames), input =>
        {
            DecodeEverything(input, LinkTypes[linkIndex++ % LinkTypes.Length]);
        });

        Assert.True(iterations > 1000, $"only {iterations} inputs in the budget");
    }

    [Fact]
    public void Run_TargetThrows_FailsNamingSeedIterationAndSavedInput()
    {
        var ex = Assert.Throws<Xunit.Sdk.XunitException>(() => FuzzLoop.Run("self-test", new Mutator(Files), input =>
        {
            if (input.Length % 3 == 0)
            {
                throw new InvalidOperationException("planted");
            }
        }, defaultSeconds: 30));

        Assert.Matches("iteration \\d+ of seed -?\\d+", ex.Message);
        var saved = System.Text.RegularExpressions.Regex.Match(ex.Message, "input saved to (\\S+)\\)").Groups[1].Value;
        Assert.Equal(0, File.ReadAllBytes(saved).Length % 3);
        File.Delete(saved);
    }

    private static void DecodeEverything(ReadOnlySpan<byte> frame, LinkType linkType)
    {
        var layers = new LayerStack();
        PacketDecoder.Decode(frame, linkType, ref layers);
        Span<char> summary = stackalloc char[8192];
        Assert.True(PacketSummaryFormatter.TryFormat(frame, in layers, summary, out _));
        foreach (var field in PacketFields.Names)
        {
            PacketFields.Get(frame, in layers, field);
        }

        // The table's columns are cut from the summary: whatever the bytes, Info is its tail.
        var columns = PacketColumnsFormatter.Format(frame, in layers);
        Assert.EndsWith(columns.Info, columns.Summary, StringComparison.Ordinal);
        Probes.Matches(frame, in layers);
    }

    private static readonly NetAcademy.Packets.Probes.ProbeSignature Probes = new("NA-probe"u8, 61440);

    /// <summary>Hands out the bytes a few at a time, as a network stream does.</summary>
    private sealed class ChunkedStream(byte[] data, Random random) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, data.Length - _position), random.Next(1, 700));
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
