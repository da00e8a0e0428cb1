using NetAcademy.Core.Graph;
using NetAcademy.Testing.Graph;

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
        var folder = Path.Combine(Folder, lab);
        return InterfaceGraphBuilder.Build(RecordedGraph.Snapshots(folder), RecordedGraph.Networks(folder));
    }
}
