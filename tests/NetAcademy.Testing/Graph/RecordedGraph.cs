using System.Text.Json;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;

namespace NetAcademy.Testing.Graph;

/// <summary>
/// Reads a recorded interface state (tests/NetAcademy.Core.Tests/Graph/Fixtures/record.sh, or the labs' solved states of
/// tests/NetAcademy.E2E/Graph/Fixtures/record-labs.sh): one folder per node, one per namespace (<c>root</c> is the node's
/// own) holding the <c>ip -j</c> outputs, and networks.json with the session networks.
/// </summary>
public static class RecordedGraph
{
    /// <summary>Every namespace's recorded outputs, nodes and namespaces in name order.</summary>
    /// <param name="folder">The recorded case's folder.</param>
    /// <param name="withNetnsIds">False leaves out <c>ip netns list-id</c>, as an older iproute2 would.</param>
    public static IReadOnlyList<NamespaceSnapshot> Snapshots(string folder, bool withNetnsIds = true)
    {
        var list = new List<NamespaceSnapshot>();
        foreach (var nodeDir in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
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
                    withNetnsIds ? Read(nsDir, "netns-ids") : null,
                    Read(nsDir, "bridge-vlan")));
            }
        }

        return list;
    }

    /// <summary>The session networks of networks.json.</summary>
    public static IReadOnlyList<SessionNetworkInfo> Networks(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "networks.json")));
        return doc.RootElement.EnumerateArray().Select(n => new SessionNetworkInfo(
            n.GetProperty("name").GetString()!,
            n.GetProperty("subnet").GetString(),
            n.GetProperty("members").EnumerateArray().Select(m => new SessionNetworkMember(
                new NodeName(m.GetProperty("node").GetString()!),
                m.GetProperty("mac").GetString(),
                m.GetProperty("address").GetString())).ToList())).ToList();
    }

    private static string? Read(string dir, string file)
    {
        var path = Path.Combine(dir, file + ".json");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
