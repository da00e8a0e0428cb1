using NetAcademy.Core.Labs;
using NetAcademy.Labs.Kernel;

namespace NetAcademy.Labs.Tests.Kernel;

public sealed class KernelReportTests
{
    private static readonly KernelReport Report = new(
    [
        new KernelFeatureStatus(KernelFeature.Veth, true, "`ip link add type veth` works"),
        new KernelFeatureStatus(KernelFeature.Gre, false, "`ip link add type gre` failed: Error: Unknown device type."),
        new KernelFeatureStatus(KernelFeature.Drbd, false, "no /proc/drbd"),
    ], DateTimeOffset.UnixEpoch, complete: true);

    [Fact]
    public void Missing_MixedRequirements_ListsOnlyUnavailableOnce()
    {
        var missing = Report.Missing([KernelFeature.Veth, KernelFeature.Gre, KernelFeature.Gre, KernelFeature.Drbd]);

        Assert.Equal([KernelFeature.Gre, KernelFeature.Drbd], missing.Select(m => m.Feature));
    }

    [Fact]
    public void Constructor_FeatureNotProbed_IsUnavailable()
    {
        Assert.False(Report[KernelFeature.Netem].Available);
        Assert.Equal("not probed", Report[KernelFeature.Netem].Reason);
        Assert.Equal(Enum.GetValues<KernelFeature>().Length, Report.Features.Count);
    }

    [Fact]
    public void Explain_NothingMissing_IsNull()
    {
        Assert.Null(Report.Explain([KernelFeature.Veth]));
        Assert.Null(Report.Explain([]));
    }

    [Fact]
    public void Explain_Missing_NamesFeatureAndReason()
    {
        Assert.Equal("This server's kernel cannot provide drbd (no /proc/drbd), which this lab needs.", Report.Explain([KernelFeature.Veth, KernelFeature.Drbd]));
    }

    [Fact]
    public void Failed_AnyFeature_UnavailableWithReasonAndIncomplete()
    {
        var failed = KernelReport.Failed("engine down", DateTimeOffset.UnixEpoch);

        Assert.False(failed.Complete);
        Assert.All(failed.Features, f => Assert.Equal((false, "engine down"), (f.Available, f.Reason)));
    }

    [Fact]
    public void Explain_ProbeCouldNotRun_GivesTheProblemForEveryLabWithOrWithoutRequirements()
    {
        var failed = KernelReport.Failed("engine down", DateTimeOffset.UnixEpoch);

        Assert.Equal("engine down", failed.Problem);
        Assert.Equal("Labs cannot run on this server now: engine down", failed.Explain([]));
        Assert.Equal("Labs cannot run on this server now: engine down", failed.Explain([KernelFeature.Veth]));
        Assert.Null(Report.Problem);
        Assert.Null(Report.Explain([KernelFeature.Veth]));
    }
}
