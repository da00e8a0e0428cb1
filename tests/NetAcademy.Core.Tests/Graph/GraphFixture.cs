using NetAcademy.Core.Graph;
using NetAcademy.Testing.Graph;

namespace NetAcademy.Core.Tests.Graph;

/// <summary>
/// Loads a recorded case from Graph/Fixtures/&lt;case&gt; (see record.sh there): one folder per node, one per
/// namespace (<c>root</c> is the node's own), and networks.json with the session networks.
/// </summary>
internal static class GraphFixture
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "Graph", "Fixtures", name);

    public static IReadOnlyList<NamespaceSnapshot> Snapshots(string name, bool withNetnsIds = true) => RecordedGraph.Snapshots(Folder(name), withNetnsIds);

    public static IReadOnlyList<SessionNetworkInfo> Networks(string name) => RecordedGraph.Networks(Folder(name));

    public static InterfaceGraph Build(string name, bool withNetworks = true, bool withNetnsIds = true) =>
        InterfaceGraphBuilder.Build(Snapshots(name, withNetnsIds), withNetworks ? Networks(name) : []);

    public static string MacOf(string name, string node) =>
        Networks(name).SelectMany(n => n.Members).Single(m => m.Node.Value == node).Mac!;
}
