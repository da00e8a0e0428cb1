using System.Text.Json.Nodes;

namespace NetAcademy.Core.Graph;

/// <summary>
/// What changed between two graphs, element by element, so the server sends only the difference.
/// Element ids encode parent, source and target, so "changed" only ever means changed data (state, addresses,
/// routes, ...); a moved interface is a removal plus an addition.
/// </summary>
public sealed class GraphDiff
{
    private GraphDiff(IReadOnlyList<GraphElement> added, IReadOnlyList<string> removed, IReadOnlyList<GraphElement> changed, IReadOnlyList<GraphDiagnostic>? diagnostics)
    {
        Added = added;
        Removed = removed;
        Changed = changed;
        Diagnostics = diagnostics;
    }

    /// <summary>Elements only in the new graph, in the new graph's order (parents before children, nodes before edges).</summary>
    public IReadOnlyList<GraphElement> Added { get; }

    /// <summary>Ids of elements only in the old graph, edges first then children before parents, so removing in order never orphans.</summary>
    public IReadOnlyList<string> Removed { get; }

    /// <summary>Elements in both graphs whose data differs, as they are in the new graph.</summary>
    public IReadOnlyList<GraphElement> Changed { get; }

    /// <summary>The new graph's diagnostics when they differ from the old one's; otherwise null.</summary>
    public IReadOnlyList<GraphDiagnostic>? Diagnostics { get; }

    /// <summary>True when the two graphs render the same.</summary>
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0 && Diagnostics is null;

    /// <summary>Compares <paramref name="previous"/> with <paramref name="current"/>.</summary>
    public static GraphDiff Compute(InterfaceGraph previous, InterfaceGraph current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);

        var old = previous.Elements.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var now = current.Elements.ToDictionary(e => e.Id, StringComparer.Ordinal);

        var added = current.Elements.Where(e => !old.ContainsKey(e.Id)).ToList();
        var changed = current.Elements
            .Where(e => old.TryGetValue(e.Id, out var before) && (before.IsEdge != e.IsEdge || before.DataJson != e.DataJson))
            .ToList();
        var removed = previous.Elements.Where(e => !now.ContainsKey(e.Id)).Reverse().Select(e => e.Id).ToList();

        var diagnostics = previous.Diagnostics.SequenceEqual(current.Diagnostics) ? null : current.Diagnostics;
        return new GraphDiff(added, removed, changed, diagnostics);
    }

    /// <summary>The diff as JSON: <c>{"format":1,"added":[...],"removed":[ids],"changed":[...],"diagnostics":[...]?}</c>.</summary>
    public string ToJson()
    {
        var added = new JsonArray();
        foreach (var e in Added)
        {
            added.Add(e.ToJsonNode());
        }

        var changed = new JsonArray();
        foreach (var e in Changed)
        {
            changed.Add(e.ToJsonNode());
        }

        var removed = new JsonArray();
        foreach (var id in Removed)
        {
            removed.Add(id);
        }

        var root = new JsonObject
        {
            ["format"] = GraphJson.FormatVersion,
            ["added"] = added,
            ["removed"] = removed,
            ["changed"] = changed,
        };
        if (Diagnostics is not null)
        {
            root["diagnostics"] = InterfaceGraph.DiagnosticsJson(Diagnostics);
        }

        return root.ToJsonString();
    }
}
