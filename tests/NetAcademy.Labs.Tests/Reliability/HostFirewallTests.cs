using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Labs.Tests.Support;

namespace NetAcademy.Labs.Tests.Reliability;

/// <summary>
/// The host firewall fails closed: with the rule that keeps lab bridges from the host's own services deleted (a
/// firewall reload, an operator's flush), the next lab start puts it back before any node exists. Runs alone (the
/// engine-restart collection), since every other lab on the host relies on that rule while it is gone; the rule is
/// put back in a finally however the test ends.
/// </summary>
[Collection(DockerDaemonCollection.Name)]
public sealed class HostFirewallTests : IClassFixture<RuntimeFixture>
{
    private static readonly string[] InputRule = ["INPUT", "-i", "nab+", "-j", "DROP"];
    private static readonly string[] DockerUserDrop = ["DOCKER-USER", "-i", "nab+", "-j", "DROP"];
    private static readonly string[] NoTrack = ["PREROUTING", "-t", "raw", "-i", "nab+", "-j", "NOTRACK"];
    private readonly RuntimeFixture _fixture;

    public HostFirewallTests(RuntimeFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task StartAsync_LabBridgeRulesDeleted_PutsThemBackBeforeTheNodesStart()
    {
        var runtime = new DockerLabRuntime(_fixture.Engine, Options.Create(_fixture.Options), NullLogger<DockerLabRuntime>.Instance,
            new HostFirewall(Options.Create(new DockerOptions { Endpoint = Testing.Runtime.TestRuntime.Endpoint }), NullLogger<HostFirewall>.Instance));
        var session = SessionId.New();
        try
        {
            Assert.Equal(0, await IptablesAsync("iptables", ["-D", .. InputRule]));
            Assert.Equal(0, await IptablesAsync("ip6tables", ["-D", .. InputRule]));
            Assert.Equal(0, await IptablesAsync("iptables", ["-D", .. DockerUserDrop]));
            Assert.Equal(0, await IptablesAsync("iptables", ["-D", .. NoTrack]));
            Assert.NotEqual(0, await IptablesAsync("iptables", ["-C", .. InputRule]));

            await runtime.StartAsync(new SessionSpec(session, "firewall", TestLabs.TwoNodes(subnet: "10.89.0.0/24", prefix: "10.89.0")),
                new Progress<StartProgress>(), CancellationToken.None);

            Assert.Equal(0, await IptablesAsync("iptables", ["-C", .. InputRule]));
            Assert.Equal(0, await IptablesAsync("ip6tables", ["-C", .. InputRule]));
            Assert.Equal(0, await IptablesAsync("iptables", ["-C", .. DockerUserDrop]));
            Assert.Equal(0, await IptablesAsync("iptables", ["-C", .. NoTrack]));
            // The DROP stays behind the bridged ACCEPT, or a lab's own traffic between its nodes would be dropped.
            var shell = runtime.GetShell(session, [new NodeName("a"), new NodeName("b")]);
            var ping = await shell.RunAsync(new NodeName("a"), ["ping", "-c", "1", "-W", "2", "10.89.0.3"], null, TimeSpan.FromSeconds(20), CancellationToken.None);
            Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);
        }
        finally
        {
            await runtime.StopAsync(session, CancellationToken.None);
            // However the test went, the host keeps its rules.
            if (await IptablesAsync("iptables", ["-C", .. InputRule]) != 0)
            {
                await IptablesAsync("iptables", ["-I", .. InputRule]);
            }
            if (await IptablesAsync("ip6tables", ["-C", .. InputRule]) != 0)
            {
                await IptablesAsync("ip6tables", ["-I", .. InputRule]);
            }
            if (await IptablesAsync("iptables", ["-C", .. NoTrack]) != 0)
            {
                await IptablesAsync("iptables", ["-I", .. NoTrack]);
            }
            if (await IptablesAsync("iptables", ["-C", .. DockerUserDrop]) != 0)
            {
                await IptablesAsync("iptables", ["-I", "DOCKER-USER", "2", .. DockerUserDrop[1..]]);
            }
        }
    }

    private static async Task<int> IptablesAsync(string tool, string[] args) => (await Iptables.RunAsync(tool, args)).ExitCode;
}
