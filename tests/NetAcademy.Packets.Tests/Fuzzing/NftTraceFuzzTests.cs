using NetAcademy.Packets.Netfilter;
using NetAcademy.Packets.Tests.Support;
using NetAcademy.Testing.Fuzzing;

namespace NetAcademy.Packets.Tests.Fuzzing;

/// <summary>
/// Property: for any text, the trace parser and the chain reader never throw and keep their bounds. Inputs are the
/// recorded `nft -a monitor` fixtures, mutated. Budget: a few seconds; NETACADEMY_FUZZ_SECONDS=600 for a long run.
/// </summary>
public sealed class NftTraceFuzzTests
{
    private static readonly byte[][] Files = Directory.EnumerateFiles(Path.Combine(FixtureFiles.Directory, "nft-trace"))
        .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();

    [Fact]
    public void Parse_MutatedTraceOutput_NeverThrowsAndKeepsBounds()
    {
        var limits = new NftTraceLimits { MaxTraces = 20, MaxEventsPerTrace = 10, MaxFieldsPerPacket = 8, MaxTextLength = 40 };
        var iterations = FuzzLoop.Run("nft-trace", new Mutator(Files), input =>
        {
            var text = System.Text.Encoding.UTF8.GetString(input);
            var result = NftTraceParser.Parse(text, limits, NftChainHooks.Parse(text));
            Assert.True(result.Traces.Count <= limits.MaxTraces);
            foreach (var trace in result.Traces)
            {
                Assert.InRange(trace.Events.Count, 1, limits.MaxEventsPerTrace);
                Assert.All(trace.Events, e => Assert.True(e.Fields.Count <= limits.MaxFieldsPerPacket));
                Assert.All(trace.Events, e => Assert.True((e.RuleText?.Length ?? 0) <= limits.MaxTextLength));
                _ = trace.Describe();
            }
        });

        Assert.True(iterations > 50, $"only {iterations} inputs in the budget");
    }
}
