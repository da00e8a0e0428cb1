using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;

namespace NetAcademy.Labs.Tests.Support;

/// <summary>Lab definitions built in code for runtime tests, with their files in a temp folder.</summary>
public static class TestLabs
{
    /// <summary>A node with the platform defaults.</summary>
    public static LabNode Node(string name, IReadOnlyList<Capability>? caps = null, IReadOnlyList<string>? setup = null, int memoryMiB = 128, int pids = 64, int diskMiB = NodeDiskMiB) =>
        new(new NodeName(name), "base", caps ?? LabNode.DefaultCapabilities, memoryMiB, 0.5, pids,
            new Dictionary<string, string>(), new Dictionary<string, string> { ["LAB_NODE"] = name }, [], name, setup ?? [])
        {
            DiskMiB = diskMiB,
        };

    /// <summary>Each writable folder of a <see cref="Node"/> holds this much (below its memory, so a full folder is "No space left").</summary>
    public const int NodeDiskMiB = 32;

    /// <summary>
    /// Two nodes, a and b, on one underlay network 10.99.0.0/24 (a=.2 on "underlay0", b=.3 on "eth0"),
    /// with an optional setup script on a and optional capabilities (default: the platform's).
    /// </summary>
    public static Lab TwoNodes(string? setupScriptOnA = null, string subnet = "10.99.0.0/24", string prefix = "10.99.0", IReadOnlyList<Capability>? caps = null)
    {
        var dir = Directory.CreateTempSubdirectory("netacademy-lab-").FullName;
        IReadOnlyList<string> setup = [];
        if (setupScriptOnA is not null)
        {
            File.WriteAllText(Path.Combine(dir, "setup-a.sh"), setupScriptOnA);
            setup = ["setup-a.sh"];
        }
        var network = new LabNetwork(new NetworkName("underlay"), subnet,
        [
            new NetworkAttachment(new NodeName("a"), "underlay0", $"{prefix}.2"),
            new NetworkAttachment(new NodeName("b"), "eth0", $"{prefix}.3"),
        ]);
        return new Lab(new LabId("test-two-nodes"), "Two nodes", "test", [Node("a", caps, setup: setup), Node("b", caps)], [network], [], [], LabLimits.Default, dir);
    }

    /// <summary>
    /// Two nodes on two networks, "front" 10.98.1.0/24 and "back" 10.98.2.0/24. Node a is attached to front first, so
    /// the engine calls it eth0, but the lab names it eth1 and back's leg eth0: the runtime must swap the names.
    /// </summary>
    public static Lab TwoNetworksSwapped()
    {
        var dir = Directory.CreateTempSubdirectory("netacademy-lab-").FullName;
        var front = new LabNetwork(new NetworkName("front"), "10.98.1.0/24",
        [
            new NetworkAttachment(new NodeName("a"), "eth1", "10.98.1.2"),
            new NetworkAttachment(new NodeName("b"), "eth0", "10.98.1.3"),
        ]);
        var back = new LabNetwork(new NetworkName("back"), "10.98.2.0/24",
        [
            new NetworkAttachment(new NodeName("a"), "eth0", "10.98.2.2"),
            new NetworkAttachment(new NodeName("b"), "eth1", "10.98.2.3"),
        ]);
        return new Lab(new LabId("test-two-networks"), "Two networks", "test", [Node("a"), Node("b")], [front, back], [], [], LabLimits.Default, dir);
    }

    /// <summary>
    /// Nodes on one network 10.94.0.0/24 (eth0, .2, .3 ... in the given order), each with an optional setup script
    /// and the nodes its setup waits for (setup_after).
    /// </summary>
    public static Lab WithSetup(params (string Node, string? Script, string[] After)[] nodes)
    {
        var dir = Directory.CreateTempSubdirectory("netacademy-lab-").FullName;
        var labNodes = new List<LabNode>();
        var attachments = new List<NetworkAttachment>();
        foreach (var (name, script, after) in nodes)
        {
            IReadOnlyList<string> setup = [];
            if (script is not null)
            {
                File.WriteAllText(Path.Combine(dir, $"setup-{name}.sh"), script);
                setup = [$"setup-{name}.sh"];
            }
            labNodes.Add(Node(name, setup: setup) with { SetupAfter = after.Select(a => new NodeName(a)).ToList() });
            attachments.Add(new NetworkAttachment(new NodeName(name), "eth0", $"10.94.0.{attachments.Count + 2}"));
        }
        var network = new LabNetwork(new NetworkName("lan"), "10.94.0.0/24", attachments);
        return new Lab(new LabId("test-setup-order"), "Setup order", "test", labNodes, [network], [], [], LabLimits.Default, dir);
    }
}
