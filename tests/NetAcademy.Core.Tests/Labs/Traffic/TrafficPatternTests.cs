using System.Net;
using System.Net.NetworkInformation;
using NetAcademy.Core.Labs.Traffic;

namespace NetAcademy.Core.Tests.Labs.Traffic;

public sealed class TrafficPatternTests
{
    [Fact]
    public void Parse_TunnelPattern_ReturnsLayersWithConditions()
    {
        var pattern = TrafficPattern.Parse("IPv4 172.20.0.2 > 172.20.0.0/16 / IPIP / * / ICMP echo-request");

        Assert.Equal(4, pattern.Layers.Count);
        Assert.Equal(TrafficProtocol.IPv4, pattern.Layers[0].Protocol);
        Assert.Equal(
            [
                new AddressCondition(TrafficEndpoint.Source, new IPNetwork(IPAddress.Parse("172.20.0.2"), 32)),
                new AddressCondition(TrafficEndpoint.Destination, new IPNetwork(IPAddress.Parse("172.20.0.0"), 16)),
            ],
            pattern.Layers[0].Conditions);
        Assert.Equal(TrafficProtocol.IPInIP, pattern.Layers[1].Protocol);
        Assert.Equal([new FieldCondition(TrafficField.OuterIPVersion, 4), new FieldCondition(TrafficField.Protocol, 4)], pattern.Layers[1].Conditions);
        Assert.Null(pattern.Layers[2].Protocol);
        Assert.Equal("*", pattern.Layers[2].Text);
        Assert.Equal([new FieldCondition(TrafficField.IcmpType, 8)], pattern.Layers[3].Conditions);
    }

    [Fact]
    public void Parse_KeywordsAndKeyValues_MapToConditions()
    {
        var tcp = TrafficPattern.Parse("tcp syn !ACK * > 80 sport=0x10").Layers[0];
        var eth = TrafficPattern.Parse("Eth src=02:42:AC:14:00:02").Layers[0];
        var arp = TrafficPattern.Parse("ARP who-has").Layers[0];
        var dns = TrafficPattern.Parse("DNS response").Layers[0];

        Assert.Equal(
            [new TcpFlagCondition(0x02, true), new TcpFlagCondition(0x10, false), new PortCondition(TrafficEndpoint.Destination, 80), new PortCondition(TrafficEndpoint.Source, 16)],
            tcp.Conditions);
        Assert.Equal([new MacAddressCondition(TrafficEndpoint.Source, PhysicalAddress.Parse("02-42-AC-14-00-02"))], eth.Conditions);
        Assert.Equal([new FieldCondition(TrafficField.ArpOpcode, 1)], arp.Conditions);
        Assert.Equal([new FieldCondition(TrafficField.DnsResponse, 1)], dns.Conditions);
    }

    [Theory]
    [InlineData("IPv4 10.0.0.1 > 10.0.0.2 / ICMPP", 27, "layer 2 (\"ICMPP\") starts with unknown protocol 'ICMPP'; use one of")]
    [InlineData("TCP syn /  UDP port=70000", 11, "not a number from 0 to 65535")]
    [InlineData("IPv4 10.1 > *", 0, "not an IPv4 address or prefix; write it like 10.0.0.1")]
    [InlineData("IPv6 fd00::/200 > *", 0, "whose prefix length is not 0-128")]
    [InlineData("SLL foo", 0, "SLL takes no constraints")]
    [InlineData("ICMP / ", 7, "layer 2 (\"\") is empty")]
    [InlineData("   ", 0, "it is empty")]
    public void TryParse_Invalid_ReportsReasonAndOffsetOfTheLayer(string text, int offset, string reason)
    {
        Assert.False(TrafficPattern.TryParse(text, out var pattern, out var error));

        Assert.Null(pattern);
        Assert.NotNull(error);
        Assert.Equal(offset, error.Offset);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal($"Invalid traffic pattern \"{text}\": {error.Reason}", error.Message);
    }

    [Fact]
    public void ProtocolNames_EveryName_ParsesAsABareLayer()
    {
        foreach (var name in TrafficPattern.ProtocolNames)
        {
            Assert.True(TrafficPattern.TryParse(name.ToLowerInvariant(), out var pattern, out var error), error?.Message);
            Assert.NotNull(pattern!.Layers[0].Protocol);
        }
    }

    [Fact]
    public void ProtocolNames_EveryProtocol_HasAName()
    {
        var named = TrafficPattern.ProtocolNames.Select(n => TrafficPattern.Parse(n).Layers[0].Protocol!.Value).ToHashSet();

        Assert.Equal(Enum.GetValues<TrafficProtocol>().ToHashSet(), named);
    }
}
