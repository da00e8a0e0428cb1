using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Discovery;

namespace NetAcademy.Labs.Tests.Discovery;

/// <summary>What discovery sends to a node and how it reads the answers, over a scripted shell.</summary>
public sealed class InterfaceDiscoveryShellTests
{
    private static readonly NodeName Host1 = new("host1");

    private const string Lo = """[{"ifindex":1,"ifname":"lo","link_type":"loopback","flags":["LOOPBACK","UP"]}]""";

    private sealed class ScriptedShell(Func<IReadOnlyList<string>, ExecResult> answer) : INodeShell
    {
        public List<IReadOnlyList<string>> Calls { get; } = [];

        /// <summary>Streamed processes are not part of what this fake serves.</summary>
        public Task<INodeProcess> StartAsync(NodeName node, IReadOnlyList<string> argv, string? netns, bool withInput, CancellationToken cancellationToken) =>
            throw new NotSupportedException("This fake shell runs programs to their end only.");

        public Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Assert.Null(netns);
            Calls.Add(argv);
            return Task.FromResult(answer(argv));
        }
    }

    private static ExecResult Ok(string stdout) => new(0, stdout, "", false);

    private static string Section(string key, string body) => $"\n@@netacademy:{key}\n{body}\n";

    [Fact]
    public async Task ReadNodeAsync_NamespaceNames_PassesOnlyValidNamesAsArguments()
    {
        var rootOutput = Section("link", Lo) + Section("addr", "[]") + Section("route", "[]")
            + Section("netns", "red (id: 1)\n$(reboot) (id: 2)\nblue\nred") + Section("end", "");
        var nsOutput = string.Concat(new[] { "red", "blue" }.Select(ns => Section(ns + ":link", Lo) + Section(ns + ":end", "")));
        var shell = new ScriptedShell(argv => Ok(argv.Count == 3 ? rootOutput : nsOutput));

        var graph = await new InterfaceDiscovery(shell).DiscoverAsync([Host1], [], CancellationToken.None);

        Assert.Equal(2, shell.Calls.Count);
        Assert.Equal(["sh", "-c"], shell.Calls[0].Take(2));
        Assert.Equal(["sh", "red", "blue"], shell.Calls[1].Skip(3));
        Assert.DoesNotContain(shell.Calls.SelectMany(c => c.Take(3)), a => a.Contains("red", StringComparison.Ordinal));
        Assert.Equal(["host1/", "host1/blue", "host1/red"], graph.Namespaces.Select(n => n.Id));
        var rejected = Assert.Single(graph.Diagnostics);
        Assert.Contains("$(reboot)", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadNodeAsync_NoNamespaces_RunsOneExec()
    {
        var shell = new ScriptedShell(_ => Ok(Section("link", Lo) + Section("netns", "") + Section("end", "")));

        var graph = await new InterfaceDiscovery(shell).DiscoverAsync([Host1], [], CancellationToken.None);

        Assert.Single(shell.Calls);
        Assert.Equal(InterfaceKind.Loopback, Assert.Single(graph.Interfaces).Kind);
        Assert.Empty(graph.Diagnostics);
    }

    [Fact]
    public async Task ReadNodeAsync_BridgeVlanSections_GiveEachNamespaceItsPortsVlans()
    {
        const string links = """
            [{"ifindex":2,"ifname":"br0","linkinfo":{"info_kind":"bridge"}},
             {"ifindex":3,"ifname":"eth1","master":"br0","linkinfo":{"info_kind":"veth"}}]
            """;
        var rootOutput = Section("link", links) + Section("bridge-vlan", """[{"ifname":"eth1","vlans":[{"vlan":10,"flags":["PVID","Egress Untagged"]}]}]""")
            + Section("netns", "red") + Section("end", "");
        var nsOutput = Section("red:link", links) + Section("red:bridge-vlan", """[{"ifname":"eth1","vlans":[{"vlan":20}]}]""") + Section("red:end", "");
        var shell = new ScriptedShell(argv => Ok(argv.Count == 3 ? rootOutput : nsOutput));

        var graph = await new InterfaceDiscovery(shell).DiscoverAsync([Host1], [], CancellationToken.None);

        Assert.Contains("bridge -j vlan show", shell.Calls[0][2], StringComparison.Ordinal);
        Assert.Contains("bridge -j vlan show", shell.Calls[1][2], StringComparison.Ordinal);
        Assert.Empty(graph.Diagnostics);
        Assert.Equal([new BridgeVlan(10, 10, true, true)], graph.FindInterface(Host1, null, "eth1")!.BridgeVlans);
        Assert.Equal([new BridgeVlan(20, 20, false, false)], graph.FindInterface(Host1, "red", "eth1")!.BridgeVlans);
    }

    [Fact]
    public async Task ReadNodeAsync_TruncatedOrTimedOut_ReportsAnExecError()
    {
        var shell = new ScriptedShell(_ => new ExecResult(-1, Section("link", Lo), "", TimedOut: true));

        var graph = await new InterfaceDiscovery(shell).DiscoverAsync([Host1], [], CancellationToken.None);

        var error = Assert.Single(graph.Diagnostics);
        Assert.Equal(("exec", GraphDiagnosticSeverity.Error), (error.Source, error.Severity));
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.Single(graph.Interfaces);
    }

    [Fact]
    public async Task DiscoverAsync_Cancelled_Throws()
    {
        var shell = new ScriptedShell(_ => Ok(""));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new InterfaceDiscovery(shell).DiscoverAsync([Host1], [], cts.Token));
    }
}
