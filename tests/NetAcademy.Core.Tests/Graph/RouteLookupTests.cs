using System.Net;
using NetAcademy.Core.Graph;

namespace NetAcademy.Core.Tests.Graph;

public sealed class RouteLookupTests
{
    private static readonly GraphRoute[] Routes =
    [
        new("default", "10.0.0.254", "eth0", null, null, null, null, false),
        new("10.0.0.0/24", null, "eth0", "kernel", "link", null, null, false),
        new("10.1.0.0/16", "10.0.0.1", "eth0", null, null, null, 100, false),
        new("10.1.0.0/16", "10.0.0.2", "eth1", null, null, null, 50, false),
        new("10.1.2.3", "10.0.0.3", "eth2", null, null, null, null, false),
        new("2001:db8::/32", null, "eth3", null, null, null, null, true),
    ];

    [Theory]
    [InlineData("10.0.0.9", "eth0", null)]
    [InlineData("10.1.9.9", "eth1", "10.0.0.2")]
    [InlineData("10.1.2.3", "eth2", "10.0.0.3")]
    [InlineData("8.8.8.8", "eth0", "10.0.0.254")]
    [InlineData("2001:db8::1", "eth3", null)]
    public void Lookup_Destination_ChoosesLongestPrefixThenLowestMetric(string destination, string dev, string? gateway)
    {
        var route = RouteLookup.Lookup(Routes, IPAddress.Parse(destination));

        Assert.Equal((dev, gateway), (route!.Dev, route.Gateway));
    }

    [Fact]
    public void Lookup_NoCoveringRoute_IsNull() =>
        Assert.Null(RouteLookup.Lookup(Routes, IPAddress.Parse("2002::1")));
}
