using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Grading.Checks;

namespace NetAcademy.Grading.Tests.Support;

/// <summary>Labs, checks, contexts and graphs for unit tests.</summary>
public static class TestData
{
    /// <summary>host1.</summary>
    public static readonly NodeName Host1 = new("host1");

    /// <summary>A one-node lab with the given tasks.</summary>
    public static Lab Lab(params LabTask[] tasks) =>
        new(new LabId("unit-lab"), "Unit lab", "", [Node("host1"), Node("host2")], [], tasks, [], LabLimits.Default, Path.GetTempPath());

    /// <summary>A node with defaults.</summary>
    public static LabNode Node(string name) =>
        new(new NodeName(name), "base", LabNode.DefaultCapabilities, 128, 0.5, 64,
            new Dictionary<string, string>(), new Dictionary<string, string>(), [], name, []);

    /// <summary>A task.</summary>
    public static LabTask MakeTask(string id, IReadOnlyList<Check> checks, string[]? needs = null, params SolutionStep[] solution) =>
        new(new TaskId(id), id, "", (needs ?? []).Select(n => new TaskId(n)).ToList(), checks, [], solution);

    /// <summary>A context over <paramref name="shell"/> and an optional fixed graph.</summary>
    public static GradingContext Context(FakeNodeShell shell, InterfaceGraph? graph = null, Lab? lab = null) =>
        new(lab ?? Lab(), shell, _ => Task.FromResult(graph ?? InterfaceGraph.Empty));

    /// <summary>A command check running <paramref name="argv"/> on host1.</summary>
    public static CommandCheck MakeCommand(string[] argv, int exitCode = 0, string? stdout = null, string? failMessage = null, string? netns = null, string? stdoutNot = null) =>
        new(Host1, netns, null, argv, exitCode, stdout, failMessage) { StdoutNotPattern = stdoutNot };

    /// <summary>A state check on host1 with only the named fields set.</summary>
    public static StateCheck MakeState(string? iface, string? netns = null, string? kind = null, string? state = null, string? master = null,
        string? address = null, string? peerNetns = null, int? vxlanId = null, string? remote = null, string? route = null, string? via = null,
        bool absent = false, string node = "host1", int? vlanId = null, bool? pvid = null, bool? tagged = null) =>
        new(new NodeName(node), netns, null, iface, kind, state, master, address, peerNetns, vxlanId, remote, route, via, absent, vlanId, pvid, tagged);

    /// <summary>A graph built from one of the graph helper's recorded fixtures (tests/NetAcademy.Core.Tests/Graph/Fixtures).</summary>
    public static InterfaceGraph Fixture(string name) => InterfaceGraphBuilder.Build(FixtureSnapshots(name));

    /// <summary>The namespaces of one of the graph helper's recorded fixtures.</summary>
    public static List<NamespaceSnapshot> FixtureSnapshots(string name)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "GraphFixtures", name);
        var snapshots = new List<NamespaceSnapshot>();
        foreach (var nodeDir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            foreach (var nsDir in Directory.GetDirectories(nodeDir).Order(StringComparer.Ordinal))
            {
                string? Read(string file) => File.Exists(Path.Combine(nsDir, file + ".json")) ? File.ReadAllText(Path.Combine(nsDir, file + ".json")) : null;
                var ns = Path.GetFileName(nsDir);
                snapshots.Add(new NamespaceSnapshot(new NodeName(Path.GetFileName(nodeDir)), ns == "root" ? null : ns,
                    Read("link"), Read("addr"), Read("route"), Read("route6"), Read("bridge"), Read("netns-ids"), Read("bridge-vlan")));
            }
        }

        return snapshots;
    }
}
