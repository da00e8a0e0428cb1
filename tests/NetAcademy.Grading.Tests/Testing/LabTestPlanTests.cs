using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Grading.Testing;
using NetAcademy.Grading.Tests.Support;

namespace NetAcademy.Grading.Tests.Testing;

public sealed class LabTestPlanTests
{
    private static readonly Lab Veth = TestData.Lab() with { Id = new LabId("veth-pairs"), Requires = [KernelFeature.Veth] };
    private static readonly Lab Ipip = TestData.Lab() with { Id = new LabId("ipip-kernel"), Requires = [KernelFeature.Ipip] };
    private static readonly Lab Drbd = TestData.Lab() with { Id = new LabId("drbd-replication"), Requires = [KernelFeature.Drbd] };

    // A host like this project's machines: veth but no ipip, no drbd.
    private static string? HostGate(Lab lab) => lab.Requires.Any(f => f is KernelFeature.Ipip or KernelFeature.Drbd) ? "no module" : null;

    [Fact]
    public void Split_WithVm_LabsTheHostCannotRunGoToTheVmInOrder()
    {
        var plan = LabTestPlan.Split([Drbd, Veth, Ipip], HostGate, useVm: true);

        Assert.Equal([Veth], plan.OnHost);
        Assert.Equal([Drbd, Ipip], plan.InVm);
    }

    [Fact]
    public void Split_WithoutVm_EveryLabStaysOnTheHost()
    {
        var plan = LabTestPlan.Split([Drbd, Veth, Ipip], HostGate, useVm: false);

        Assert.Equal([Drbd, Veth, Ipip], plan.OnHost);
        Assert.Empty(plan.InVm);
    }

    [Fact]
    public void Split_HostRunsEverything_NoVm()
    {
        var plan = LabTestPlan.Split([Drbd, Veth, Ipip], _ => null, useVm: true);

        Assert.Equal(3, plan.OnHost.Count);
        Assert.Empty(plan.InVm);
    }
}
