using NetAcademy.Labs.Capture;

namespace NetAcademy.Labs.Tests.Capture;

public sealed class CaptureValidationTests
{
    [Theory]
    [InlineData("eth0")]
    [InlineData("lo")]
    [InlineData("veth-red")]
    [InlineData("underlay0")]
    [InlineData("a234567890abcde")]
    [InlineData("br0.10")]
    [InlineData("any")]
    public void ValidateInterface_KernelValidName_Accepts(string name) => CaptureValidation.ValidateInterface(name);

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a234567890abcdef")]
    [InlineData("eth0/1")]
    [InlineData("eth 0")]
    [InlineData("eth0\t")]
    [InlineData("eth0:1")]
    [InlineData("eth\n0")]
    [InlineData("ethé")]
    public void ValidateInterface_InvalidName_ThrowsWithReason(string name)
    {
        var ex = Assert.Throws<CaptureException>(() => CaptureValidation.ValidateInterface(name));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void ValidateInterface_TooLong_SaysTheLimit()
    {
        var ex = Assert.Throws<CaptureException>(() => CaptureValidation.ValidateInterface("averyveryverylongname"));
        Assert.Contains("15", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("red", true)]
    [InlineData("ns-1.a_b", true)]
    [InlineData("../etc", false)]
    [InlineData("red blue", false)]
    [InlineData("-red", false)]
    [InlineData("..", false)]
    public void ValidateNetns_Name_AcceptsOnlyValidNames(string netns, bool valid)
    {
        var ex = Record.Exception(() => CaptureValidation.ValidateNetns(netns));
        Assert.Equal(valid, ex is null);
        if (!valid)
        {
            Assert.IsType<CaptureException>(ex);
        }
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData(" icmp ", "icmp")]
    [InlineData("tcp port 80 and (host 10.0.0.1 or host 10.0.0.2)", "tcp port 80 and (host 10.0.0.1 or host 10.0.0.2)")]
    [InlineData("icmp; touch /tmp/pwned", "icmp; touch /tmp/pwned")]
    [InlineData("$(touch /tmp/pwned)", "$(touch /tmp/pwned)")]
    public void NormalizeFilter_PrintableAscii_KeptForTcpdumpToJudge(string? filter, string? expected) =>
        Assert.Equal(expected, CaptureValidation.NormalizeFilter(filter, 512));

    [Theory]
    [InlineData("icmp\nand tcp")]
    [InlineData("icmp\0")]
    [InlineData("host ünïcode")]
    [InlineData("icmp\u001b[31m")]
    public void NormalizeFilter_NonPrintable_Throws(string filter) =>
        Assert.Throws<CaptureException>(() => CaptureValidation.NormalizeFilter(filter, 512));

    [Fact]
    public void NormalizeFilter_TooLong_ThrowsWithLimit()
    {
        var ex = Assert.Throws<CaptureException>(() => CaptureValidation.NormalizeFilter(new string('x', 513), 512));
        Assert.Contains("512", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new string('x', 512), CaptureValidation.NormalizeFilter(new string('x', 512), 512));
    }
}
