using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Fields;
using NetAcademy.Packets.Formatting;
using NetAcademy.Packets.Tests.Support;

namespace NetAcademy.Packets.Tests.Decoding;

/// <summary>Damaged input must decode partially, never throw.</summary>
public class PacketDecoderRobustnessTests
{
    private static readonly LinkType[] LinkTypes =
        [LinkType.Ethernet, LinkType.Raw, LinkType.LinuxSll, LinkType.LinuxSll2, LinkType.IPv4, LinkType.IPv6, (LinkType)147];

    public static TheoryData<string> Captures() => FixtureFiles.Captures();

    [Theory]
    [MemberData(nameof(Captures))]
    public void Decode_EveryPrefixOfEveryPacket_DoesNotThrowAndMarksShortOnesMalformed(string capture)
    {
        var layers = new LayerStack();
        var summary = new char[4096];
        foreach (var (linkType, data) in FixtureFiles.ReadPackets(capture))
        {
            for (var length = 0; length <= data.Length; length++)
            {
                var prefix = data.AsSpan(0, length);
                PacketDecoder.Decode(prefix, linkType, ref layers);
                Assert.True(PacketSummaryFormatter.TryFormat(prefix, in layers, summary, out _));
                foreach (var field in PacketFields.Names)
                {
                    PacketFields.Get(prefix, in layers, field);
                }

                // Ethernet padding aside, a cut frame lost bytes some header claims.
                if (length < 14)
                {
                    Assert.True(layers.IsMalformed, $"{capture}: a {length}-byte prefix should be malformed");
                }
            }
        }
    }

    [Fact]
    public void Decode_RandomAndBitFlippedInput_DoesNotThrow()
    {
        var random = new Random(20240601);
        var seeds = FixtureFiles.CaptureNames.SelectMany(FixtureFiles.ReadPackets).ToArray();
        var layers = new LayerStack();
        var summary = new char[8192];
        var buffer = new byte[2048];
        const int iterations = 200_000;
        for (var i = 0; i < iterations; i++)
        {
            int length;
            LinkType linkType;
            if (i % 2 == 0)
            {
                // Real packets with a few flipped bits reach deep into the decoders.
                var (seedLink, seed) = seeds[random.Next(seeds.Length)];
                length = Math.Min(seed.Length, buffer.Length);
                seed.AsSpan(0, length).CopyTo(buffer);
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }

                if (random.Next(4) == 0)
                {
                    length = random.Next(length + 1);
                }

                linkType = seedLink;
            }
            else
            {
                length = random.Next(0, 200);
                random.NextBytes(buffer.AsSpan(0, length));
                linkType = LinkTypes[random.Next(LinkTypes.Length)];
            }

            var frame = buffer.AsSpan(0, length);
            PacketDecoder.Decode(frame, linkType, ref layers);
            Assert.True(PacketSummaryFormatter.TryFormat(frame, in layers, summary, out _));
            if (i % 64 == 0)
            {
                foreach (var field in PacketFields.Names)
                {
                    PacketFields.Get(frame, in layers, field);
                }
            }
        }
    }
}
