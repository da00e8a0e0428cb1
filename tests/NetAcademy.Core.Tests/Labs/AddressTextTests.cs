using System.Net;
using NetAcademy.Core.Labs;

namespace NetAcademy.Core.Tests.Labs;

public sealed class AddressTextTests
{
    [Theory]
    [InlineData("10.0.0.2", "10.0.0.2")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("fd00::2", "fd00::2")]
    [InlineData("::ffff:10.0.0.1", "::ffff:10.0.0.1")]
    public void TryParseAddress_WellFormed_ReturnsAddress(string text, string expected)
    {
        Assert.True(AddressText.TryParseAddress(text, out var address));
        Assert.Equal(IPAddress.Parse(expected), address);
    }

    [Theory]
    [InlineData("10.1")]          // inet_aton would read 10.0.0.1
    [InlineData("10.0.2")]
    [InlineData("010.0.0.1")]     // inet_aton would read octal: 8.0.0.1
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.-1")]
    [InlineData("10.0.0.1 ")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[fd00::1]")]
    [InlineData("fd00:::1")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParseAddress_Malformed_ReturnsFalse(string? text)
    {
        Assert.False(AddressText.TryParseAddress(text, out _));
    }

    [Theory]
    [InlineData("10.0.0.1/24", "10.0.0.1", 24)]
    [InlineData("10.244.1.0/32", "10.244.1.0", 32)]
    [InlineData("0.0.0.0/0", "0.0.0.0", 0)]
    [InlineData("fd00::1/64", "fd00::1", 64)]
    public void TryParseInterfaceAddress_WellFormed_KeepsHostBits(string text, string address, int length)
    {
        Assert.True(AddressText.TryParseInterfaceAddress(text, out var parsed, out var prefixLength));
        Assert.Equal(IPAddress.Parse(address), parsed);
        Assert.Equal(length, prefixLength);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.1/33")]
    [InlineData("fd00::1/129")]
    [InlineData("10.0.0.1/+24")]
    [InlineData("10.0.0.1/ 24")]
    [InlineData("10.0.0.1/")]
    [InlineData("10.0.1/24")]
    public void TryParseInterfaceAddress_Malformed_ReturnsFalse(string text)
    {
        Assert.False(AddressText.TryParseInterfaceAddress(text, out _, out _));
    }

    [Theory]
    [InlineData("10.0.2.21/30", "10.0.2.20", 30)]
    [InlineData("10.0.0.5", "10.0.0.5", 32)]
    [InlineData("fd00::1/64", "fd00::", 64)]
    public void TryParsePrefix_WellFormed_ClearsHostBits(string text, string network, int length)
    {
        Assert.True(AddressText.TryParsePrefix(text, out var prefix));
        Assert.Equal(new IPNetwork(IPAddress.Parse(network), length), prefix);
    }

    [Theory]
    [InlineData("10.0.0.0/40")]
    [InlineData("10.0/8")]
    [InlineData("default")]
    public void TryParsePrefix_Malformed_ReturnsFalse(string text)
    {
        Assert.False(AddressText.TryParsePrefix(text, out _));
    }
}
