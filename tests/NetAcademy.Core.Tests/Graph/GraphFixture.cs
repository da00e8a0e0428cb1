using System.Text.Json;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Tests.Graph;

/// <summary>
/// Loads a recorded case from Graph/Fixtures/&lt;case&gt; (see record.sh there): one folder per node, one per
/// namespace (<c>root</c> is the node's own), and networks.json with the session networks.
/// </summary>
internal static class GraphFixture
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "Graph", "Fixtures", name);

    public static IReadOnlyList<NamespaceSnapshot> Snapshots(string name, bool withNetnsIds = true)
    {
        var list = new List<NamespaceSnapshot>();
        foreach (var nodeDir in Directory.GetDirectories(Folder(name)).Order(StringComparer.Ordinal))
        {
            var node = new NodeName(Path.GetFileName(nodeDir));
            foreach (var nsDir in Directory.GetDirectories(nodeDir).Order(StringComparer.Ordinal))
            {
                var ns = Path.GetFileName(nsDir);
                list.Add(new NamespaceSnapshot(
                    node,
                    ns == "root" ? null : ns,
                    Read(nsDir, "link"),
                    Read(nsDir, "addr"),
                    Read(nsDir, "route"),
                    Read(nsDir, "route6"),
                    Read(nsDir, "bridge"),
                    withNetnsIds ? Read(nsDir, "netns-ids") : null));
            }
        }

        return list;
    }

    public static IReadOnlyList<SessionNetworkInfo> Networks(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(name), "networks.json")));
        return doc.RootElement.EnumerateArray().Select(n => new SessionNetworkInfo(
            n.GetProperty("name").GetString()!,
            n.GetProperty("subnet").GetString(),
            n.GetProperty("members").EnumerateArray().Select(m => new SessionNetworkMember(
                new NodeName(m.GetProperty("node").GetString()!),
                m.GetProperty("mac").GetString(),
                m.GetProperty("address").GetString())).ToList())).ToList();
    }

    public static InterfaceGraph Build(string name, bool withNetworks = true, bool withNetnsIds = true) =>
        InterfaceGraphBuilder.Build(Snapshots(name, withNetnsIds), withNetworks ? Networks(name) : []);

    public static string MacOf(string name, string node) =>
        Networks(name).SelectMany(n => n.Members).Single(m => m.Node.Value == node).Mac!;

    private static string? Read(string dir, string file)
    {
        var path = Path.Combine(dir, file + ".json");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
