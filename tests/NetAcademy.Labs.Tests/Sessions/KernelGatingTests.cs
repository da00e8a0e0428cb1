using NetAcademy.Core.Labs;
using NetAcademy.Labs.Kernel;
using NetAcademy.Labs.Sessions;
using NetAcademy.Labs.Tests.Support;

namespace NetAcademy.Labs.Tests.Sessions;

/// <summary>A lab whose <c>requires</c> the host kernel cannot meet never reaches the runtime.</summary>
public sealed class KernelGatingTests : IClassFixture<RuntimeFixture>
{
    private readonly RuntimeFixture _fixture;

    public KernelGatingTests(RuntimeFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task StartAsync_LabRequiresMissingFeature_RefusesNamingIt()
    {
        var lab = SessionHarness.OneNode("gating-ipip") with { Requires = [KernelFeature.Veth, KernelFeature.Ipip] };
        var kernel = new FixedKernelFeatures(new KernelReport(
            [new KernelFeatureStatus(KernelFeature.Veth, true, "works"), new KernelFeatureStatus(KernelFeature.Ipip, false, "`ip link add type ipip` failed: Error: Unknown device type.")],
            DateTimeOffset.UnixEpoch, complete: true));
        await using var harness = new SessionHarness(_fixture, labs: [lab], kernel: kernel);

        var ex = await Assert.ThrowsAsync<LabUnavailableException>(() => harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None));

        Assert.Equal("The lab 'gating-ipip' is unavailable on this server: the host kernel has no ipip (`ip link add type ipip` failed: Error: Unknown device type.).", ex.Message);
        Assert.Equal(KernelFeature.Ipip, Assert.Single(ex.Missing).Feature);
        Assert.Empty(harness.Manager.Sessions);
        Assert.Empty(await DockerCli.LinesAsync("ps", "-aq", "--filter", $"label=netacademy.instance={_fixture.Instance}", "--filter", "label=netacademy.lab=gating-ipip"));
    }

    [Fact]
    public async Task StartAsync_RequirementsMet_Starts()
    {
        var lab = SessionHarness.OneNode("gating-veth") with { Requires = [KernelFeature.Veth] };
        var kernel = new FixedKernelFeatures(new KernelReport([new KernelFeatureStatus(KernelFeature.Veth, true, "works")], DateTimeOffset.UnixEpoch, complete: true));
        await using var harness = new SessionHarness(_fixture, labs: [lab], kernel: kernel);

        var session = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(session);

        Assert.Equal(SessionState.Ready, session.State);
        Assert.Equal(1, kernel.Calls);
    }

    [Fact]
    public async Task StartAsync_ProbeCouldNotRun_RefusesEveryLabWithTheReason()
    {
        // A probe that could not run means the engine cannot be used (unreachable, or no Engine API version in
        // common): a lab without kernel requirements would fail half-way just the same, so it is refused up front.
        var needs = SessionHarness.OneNode("gating-needs") with { Requires = [KernelFeature.Bridge] };
        var plain = SessionHarness.OneNode("gating-plain");
        var kernel = new FixedKernelFeatures(KernelReport.Failed("the container engine cannot be reached", DateTimeOffset.UnixEpoch));
        await using var harness = new SessionHarness(_fixture, labs: [needs, plain], kernel: kernel);

        var withNeeds = await Assert.ThrowsAsync<LabUnavailableException>(() => harness.Manager.StartAsync("alice", needs.Id, CancellationToken.None));
        var without = await Assert.ThrowsAsync<LabUnavailableException>(() => harness.Manager.StartAsync("alice", plain.Id, CancellationToken.None));

        Assert.Equal("The lab 'gating-needs' is unavailable on this server: the container engine cannot be reached", withNeeds.Message);
        Assert.Equal("The lab 'gating-plain' is unavailable on this server: the container engine cannot be reached", without.Message);
        Assert.Null(harness.Manager.FindActive("alice", plain.Id));
    }

    /// <summary>A kernel that answers a fixed report and counts how often it was asked.</summary>
    private sealed class FixedKernelFeatures(KernelReport report) : IKernelFeatures
    {
        public int Calls { get; private set; }

        public KernelReport? Current => report;

        public Task<KernelReport> GetAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(report);
        }

        public Task<KernelReport> RefreshAsync(CancellationToken cancellationToken) => GetAsync(cancellationToken);
    }
}
