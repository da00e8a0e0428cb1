using NetAcademy.Labs.Capture;

namespace NetAcademy.Labs.Tests.Capture;

public sealed class CaptureSamplerTests
{
    private static readonly FlowKey Ping = new(4, 0x0a000001, 0x0a000002, 1, 0, 0);
    private static readonly FlowKey Iperf = new(4, 0x0a000001, 0x0a000002, 6, 40000, 5201);

    [Fact]
    public void Offer_UnderTheLimit_ShowsEveryPacketAndReportsNothing()
    {
        var sampler = new CaptureSampler(200);
        for (var i = 0; i < 150; i++)
        {
            Assert.True(sampler.Offer(i, Ping, 98));
        }

        Assert.Null(sampler.Roll(1000));
        Assert.False(sampler.IsSampling);
    }

    [Fact]
    public void Offer_Flood_ShowsTheLimitAndReportsCountsPerFlow()
    {
        var sampler = new CaptureSampler(200);
        var shown = 0;
        for (var i = 0; i < 5123; i++)
        {
            var flow = i % 4 == 0 ? Ping : Iperf;
            if (sampler.Offer(i / 6, flow, flow == Ping ? 98 : 1514))
            {
                shown++;
            }
        }

        var report = sampler.Roll(1000);

        Assert.Equal(200, shown);
        Assert.True(sampler.IsSampling);
        Assert.NotNull(report);
        Assert.Equal(5123, report.PacketsPerSecond);
        Assert.Equal(200, report.ShownPerSecond);
        Assert.Equal("sampling: 5123 pkt/s, showing 200/s", report.Message);
        Assert.Equal(5123 - 200, report.Flows.Sum(f => f.Packets) + report.OtherPackets);
        Assert.Equal("IPv4 10.0.0.1:40000 > 10.0.0.2:5201 TCP", report.Flows[0].Flow);
        Assert.Equal("IPv4 10.0.0.1 > 10.0.0.2 ICMP", report.Flows[1].Flow);
        Assert.Equal(report.Flows[0].Packets * 1514, report.Flows[0].Bytes);
    }

    [Fact]
    public void Roll_NextQuietSecond_EndsSampling()
    {
        var sampler = new CaptureSampler(10);
        for (var i = 0; i < 50; i++)
        {
            sampler.Offer(0, Ping, 98);
        }
        Assert.NotNull(sampler.Roll(1000));

        Assert.True(sampler.Offer(1500, Ping, 98));
        Assert.Null(sampler.Roll(2500));
        Assert.False(sampler.IsSampling);
    }

    [Fact]
    public void Roll_BeforeTheWindowEnds_ReturnsNull()
    {
        var sampler = new CaptureSampler(1);
        sampler.Offer(0, Ping, 98);
        sampler.Offer(10, Ping, 98);

        Assert.Null(sampler.Roll(999));
        Assert.NotNull(sampler.Roll(1000));
    }

    [Fact]
    public void Offer_ManyFlows_KeepsABoundedTableAndSumsTheRest()
    {
        var sampler = new CaptureSampler(1, maxFlows: 8, reportedFlows: 5);
        for (var port = 0; port < 1000; port++)
        {
            sampler.Offer(0, Iperf with { SourcePort = (ushort)port }, 100);
        }

        var report = sampler.Roll(1000)!;

        Assert.Equal(5, report.Flows.Count);
        Assert.Equal(999, report.Flows.Sum(f => f.Packets) + report.OtherPackets);
    }
}
