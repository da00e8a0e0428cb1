using NetAcademy.Core.Labs.Netfilter;

namespace NetAcademy.Grading.Tests.Netfilter;

/// <summary>The match becomes nft argv words; anything that is not a protocol, address or port never gets there.</summary>
public sealed class TraceMatchTests
{
    [Theory]
    [InlineData(null, null, null, null, null)]
    [InlineData("tcp; flush ruleset", null, null, null, null)]
    [InlineData(null, "10.0.0.1 counter drop", null, null, null)]
    [InlineData(null, "10.1", null, null, null)]
    [InlineData("icmp", null, null, null, 80)]
    [InlineData("tcp", null, null, 0, null)]
    [InlineData("icmp", "fd00::1", null, null, null)]
    [InlineData(null, "10.0.0.1", "fd00::1", null, null)]
    public void Validate_Invalid_SaysWhyAndTokensThrow(string? protocol, string? source, string? destination, int? sport, int? dport)
    {
        var match = new TraceMatch(protocol, source, destination, sport, dport);

        Assert.NotNull(match.Validate());
        Assert.Throws<InvalidOperationException>(() => match.ToNftTokens());
    }

    [Fact]
    public void ToNftTokens_Valid_OneWordPerArgvEntry()
    {
        Assert.Equal(["ip6", "daddr", "fd00::/64", "meta", "l4proto", "udp", "th", "sport", "53"],
            new TraceMatch("udp", null, "fd00::1/64", 53, null).ToNftTokens());
        Assert.Equal(["ip", "saddr", "10.0.1.0/24"], new TraceMatch(null, "10.0.1.7/24", null, null, null).ToNftTokens());
    }
}
