using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Fields;
using NetAcademy.Packets.Tests.Support;

namespace NetAcademy.Packets.Tests.Fields;

/// <summary>Compares every supported field of every fixture packet with what tshark prints.</summary>
public class PacketFieldsTsharkTests
{
    public static TheoryData<string> Captures() => FixtureFiles.Captures();

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task Get_EveryFixturePacket_MatchesTshark(string capture)
    {
        var fields = PacketFields.Names;
        var expected = await Tshark.FieldsAsync(FixtureFiles.PathOf(capture), fields, CancellationToken.None);
        var packets = FixtureFiles.ReadPackets(capture);
        Assert.Equal(expected.Count, packets.Count);

        var mismatches = new List<string>();
        var layers = new LayerStack();
        for (var p = 0; p < packets.Count; p++)
        {
            var (linkType, data) = packets[p];
            PacketDecoder.Decode(data, linkType, ref layers);
            for (var f = 0; f < fields.Count; f++)
            {
                var theirs = f < expected[p].Length ? expected[p][f] : string.Empty;
                var ours = PacketFields.Get(data, in layers, fields[f]) ?? string.Empty;
                if (ours != theirs)
                {
                    mismatches.Add($"packet {p + 1} {fields[f]}: tshark '{theirs}', ours '{ours}'");
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{capture}: {mismatches.Count} mismatches\n{string.Join('\n', mismatches.Take(40))}");
    }

    [Fact]
    public void Get_UnknownField_ThrowsWithSupportedList()
    {
        var layers = new LayerStack();
        var error = Assert.Throws<ArgumentException>(() => PacketFields.Get([], in layers, "ip.nonsense"));
        Assert.Contains("ip.src", error.Message, StringComparison.Ordinal);
    }
}
