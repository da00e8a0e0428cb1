using System.Text.Json;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;

namespace NetAcademy.E2E.Graph;

/// <summary>
/// A lab's solved state as discovery saw it, recorded by Graph/Fixtures/record-labs.sh: one folder per lab, one per
/// node, one per namespace (<c>root</c> is the node's own), networks.json with the session networks. Built into the
/// JSON the server sends with the real <see cref="InterfaceGraphBuilder"/>.
/// </summary>
internal static class LabGraphFixture
{
    private static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "NetAcademy.E2E", "Graph", "Fixtures");

    /// <summary>The labs with a recorded solved state.</summary>
    public static IReadOnlyList<string> Labs() =>
        Directory.GetDirectories(Folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>The lab's graph as <c>InterfaceGraph.ToJson()</c> gives it to the page.</summary>
    public static string Json(string lab) => Build(lab).ToJson();

    /// <summary>The lab's graph.</summary>
    public static InterfaceGraph Build(string lab)
    {
        var root = Path.Combine(Folder, lab);
        var snapshots = new List<NamespaceSnapshot>();
        foreach (var nodeDir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var node = new NodeName(Path.GetFileName(nodeDir));
            foreach (var nsDir in Directory.GetDirectories(nodeDir).Order(StringComparer.Ordinal))
            {
                var ns = Path.GetFileName(nsDir);
                snapshots.Add(new NamespaceSnapshot(
                    node,
                    ns == "root" ? null : ns,
                    Read(nsDir, "link"),
                    Read(nsDir, "addr"),
                    Read(nsDir, "route"),
                    Read(nsDir, "route6"),
                    Read(nsDir, "bridge"),
                    Read(nsDir, "netns-ids")));
            }
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "networks.json")));
        var networks = doc.RootElement.EnumerateArray().Select(n => new SessionNetworkInfo(
            n.GetProperty("name").GetString()!,
            n.GetProperty("subnet").GetString(),
            n.GetProperty("members").EnumerateArray().Select(m => new SessionNetworkMember(
                new NodeName(m.GetProperty("node").GetString()!),
                m.GetProperty("mac").GetString(),
                m.GetProperty("address").GetString())).ToList())).ToList();
        return InterfaceGraphBuilder.Build(snapshots, networks);
    }

    private static string? Read(string dir, string file)
    {
        var path = Path.Combine(dir, file + ".json");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
