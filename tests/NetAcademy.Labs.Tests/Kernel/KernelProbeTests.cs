using Microsoft.Extensions.Logging.Abstractions;
using NetAcademy.Core.Labs;
using NetAcademy.Labs.Kernel;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Labs.Tests.Support;
using Xunit.Abstractions;

namespace NetAcademy.Labs.Tests.Kernel;

/// <summary>
/// The probe against the real engine. Its answers are compared with a witness: the docker CLI running
/// different commands for the same features (e.g. <c>ip tunnel add ... mode ipip</c> where the probe uses
/// <c>ip link add type ipip</c>), so a probe that guessed or hard-coded would disagree on some host.
/// </summary>
[Trait("Category", "EngineMatrix")]
public sealed class KernelProbeTests : IClassFixture<RuntimeFixture>
{
    private static readonly Dictionary<KernelFeature, string> Witness = new()
    {
        [KernelFeature.Veth] = "ip link add w0 type veth peer name w1",
        [KernelFeature.Bridge] = "brctl addbr wbr0",
        [KernelFeature.Vxlan] = "ip link add wvx type vxlan id 7 dstport 8472 local 127.0.0.2",
        [KernelFeature.Tun] = "ip tuntap add dev wtap mode tap && ip tuntap add dev wtun mode tun",
        [KernelFeature.Ipip] = "ip tunnel add wip mode ipip remote 192.0.2.7 local 127.0.0.1",
        [KernelFeature.Gre] = "ip tunnel add wgre mode gre remote 192.0.2.7 local 127.0.0.1",
        [KernelFeature.Macvlan] = "ip link add w2 type veth peer name w3 && ip link add wmv link w2 type macvlan mode private",
        // IPVS's socket options straight from Python (IP_VS_SO_GET_VERSION), not through the image's ipvsadm wrapper.
        [KernelFeature.Ipvs] = "python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW).getsockopt(socket.IPPROTO_IP, 1152, 64)'",
        [KernelFeature.Netem] = "tc qdisc add dev lo root netem loss 1%",
        [KernelFeature.Drbd] = "cat /proc/drbd && genl ctrl get name drbd",
        [KernelFeature.Nfqueue] = "iptables -A INPUT -i lo -p tcp --dport 9 -j NFQUEUE --queue-num 3",
        [KernelFeature.Ebtables] = "ebtables -t filter -L INPUT",
        [KernelFeature.Vlan] = "ip link add w4 type veth peer name w5 && ip link add link w4 name w4.7 type vlan proto 802.1Q id 7",
        [KernelFeature.BridgeVlan] = "ip link add wbv type bridge && ip link set wbv type bridge vlan_filtering 1 && bridge vlan add dev wbv vid 7 self",
        [KernelFeature.Geneve] = "ip link add wgn type geneve id 7 remote 192.0.2.7 dstport 6082",
        [KernelFeature.IpvsMh] = "ipvsadm -A -u 192.0.2.7:53 -s mh",
    };

    private readonly RuntimeFixture _fixture;
    private readonly ITestOutputHelper _output;

    public KernelProbeTests(RuntimeFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private DockerKernelProbe Probe(string? imageFormat = null, TimeProvider? time = null) => new(_fixture.Engine,
        Microsoft.Extensions.Options.Options.Create(new LabsOptions { Instance = _fixture.Instance, ImageFormat = imageFormat ?? "netacademy/{0}:latest" }),
        time ?? TimeProvider.System, NullLogger<DockerKernelProbe>.Instance);

    [Fact]
    public async Task ProbeAsync_RealEngine_AgreesWithWitnessForEveryFeature()
    {
        var report = await Probe().ProbeAsync(CancellationToken.None);

        Assert.True(report.Complete);
        foreach (var status in report.Features)
        {
            _output.WriteLine($"{status.Feature,-9} {(status.Available ? "yes" : "no "),-4} {status.Reason}");
        }
        var script = string.Join("\n", Witness.Select(w => $"if ( {w.Value} ) >/dev/null 2>&1; then echo {w.Key}=1; else echo {w.Key}=0; fi"));
        var (exit, text) = await DockerCli.RunAsync("run", "--rm", "--network", "none", "--cap-drop", "ALL", "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW",
            "--device", "/dev/net/tun", "--label", "netacademy.test=1", "--label", "netacademy.session=probe-witness",
            "--label", $"netacademy.instance={_fixture.Instance}", "netacademy/base:latest", "sh", "-c", script);
        Assert.True(exit == 0, text);
        var witness = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('='))
            .ToDictionary(p => Enum.Parse<KernelFeature>(p[0]), p => p[1] == "1");
        Assert.All(report.Features, s => Assert.True(witness[s.Feature] == s.Available, $"{s.Feature}: probe says {s.Available} ({s.Reason}), witness says {witness[s.Feature]}"));
        // Every lab needs these two; a host without them could run no lab at all.
        Assert.True(report[KernelFeature.Veth].Available);
        Assert.True(report[KernelFeature.Bridge].Available);
        Assert.All(report.Features.Where(f => !f.Available), f => Assert.Contains("failed", f.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProbeAsync_Always_LeavesNoContainerAndRemovesStaleProbes()
    {
        var (created, output) = await DockerCli.RunAsync("create", "--label", "netacademy.test=1", "--label", "netacademy.project=netacademy",
            "--label", $"netacademy.instance={_fixture.Instance}", "--label", "netacademy.session=probe-stale0", "netacademy/base:latest", "true");
        Assert.True(created == 0, output);

        await Probe().ProbeAsync(CancellationToken.None);

        Assert.Empty(await DockerCli.LinesAsync("ps", "-aq", "--filter", $"label=netacademy.instance={_fixture.Instance}", "--filter", "label=netacademy.project=netacademy"));
    }

    [Fact]
    public async Task ProbeAsync_CancelledAtAnyPoint_LeavesNoContainer()
    {
        // Cancellation lands in different steps: listing, create, start, a check.
        foreach (var delay in new[] { 5, 30, 80, 150, 300, 600 })
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(delay));
            try
            {
                await Probe().ProbeAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
            }
            Assert.Empty(await DockerCli.LinesAsync("ps", "-aq", "--filter", $"label=netacademy.instance={_fixture.Instance}"));
        }
    }

    [Fact]
    public async Task DisposeAsync_WhileProbing_EndsTheProbeAndLeavesNoContainer()
    {
        // The server stopping mid-probe disposes the probe before the engine's client: whatever step it is in (listing,
        // create, start, a check), its container must be gone, not left created and never started.
        foreach (var delay in new[] { 5, 30, 80, 150, 300, 600 })
        {
            var probe = Probe();
            var running = probe.ProbeAsync(CancellationToken.None);
            await Task.Delay(delay);
            await probe.DisposeAsync();

            Assert.True(running.IsCompleted, $"the probe was still running after DisposeAsync ({delay} ms in)");
            Assert.Empty(await DockerCli.LinesAsync("ps", "-aq", "--filter", $"label=netacademy.instance={_fixture.Instance}"));
        }
    }

    [Fact]
    public async Task ProbeAsync_ImageMissing_ReportsIncompleteWithReason()
    {
        var report = await Probe("netacademy/{0}:no-such-tag").ProbeAsync(CancellationToken.None);

        Assert.False(report.Complete);
        Assert.All(report.Features, f => Assert.False(f.Available));
        Assert.Contains("netacademy/base:no-such-tag is not built", report[KernelFeature.Veth].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Probe().ProbeAsync(cancelled.Token));
    }

    [Fact]
    public async Task KernelFeatureCache_ConcurrentGets_ProbeOnceUntilRefresh()
    {
        var cache = new KernelFeatureCache(Probe(), TimeProvider.System);
        Assert.Null(cache.Current);

        var both = await Task.WhenAll(cache.GetAsync(CancellationToken.None), cache.GetAsync(CancellationToken.None));
        var again = await cache.GetAsync(CancellationToken.None);
        var refreshed = await cache.RefreshAsync(CancellationToken.None);

        Assert.Same(both[0], both[1]);
        Assert.Same(both[0], again);
        Assert.NotSame(again, refreshed);
        Assert.Same(refreshed, cache.Current);
        Assert.Equal(again.Features.Select(f => f.Available), refreshed.Features.Select(f => f.Available));
    }

    [Fact]
    public async Task KernelFeatureCache_IncompleteReport_ProbesAgainAfterRetryDelay()
    {
        var time = new NetAcademy.Labs.Tests.Sessions.ManualTimeProvider();
        var cache = new KernelFeatureCache(Probe("netacademy/{0}:no-such-tag", time), time);

        var first = await cache.GetAsync(CancellationToken.None);
        var soon = await cache.GetAsync(CancellationToken.None);
        time.Advance(KernelFeatureCache.RetryIncompleteAfter);
        var later = await cache.GetAsync(CancellationToken.None);

        Assert.Same(first, soon);
        Assert.NotSame(first, later);
    }
}
