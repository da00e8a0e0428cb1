using System.Text.Json.Nodes;

namespace NetAcademy.Core.Graph;

/// <summary>
/// One cytoscape.js element (<c>{"group": ..., "data": {...}}</c>) of a graph's JSON. Immutable: the data is
/// kept as canonical JSON text, which is also what <see cref="GraphDiff"/> compares.
/// </summary>
public sealed class GraphElement
{
    internal GraphElement(bool isEdge, JsonObject data)
    {
        IsEdge = isEdge;
        Id = data["id"]!.GetValue<string>();
        DataJson = data.ToJsonString();
    }

    /// <summary>Element id (see docs/graph-format.md for the id scheme).</summary>
    public string Id { get; }

    /// <summary>True for an edge, false for a node (lab node, namespace, interface, network).</summary>
    public bool IsEdge { get; }

    /// <summary>The cytoscape group: <c>nodes</c> or <c>edges</c>.</summary>
    public string Group => IsEdge ? "edges" : "nodes";

    /// <summary>The <c>data</c> object as compact JSON.</summary>
    public string DataJson { get; }

    /// <summary>A fresh JSON object <c>{"group": ..., "data": {...}}</c> the caller may modify.</summary>
    public JsonObject ToJsonNode() => new()
    {
        ["group"] = Group,
        ["data"] = JsonNode.Parse(DataJson),
    };

    /// <inheritdoc />
    public override string ToString() => $"{Group} {DataJson}";
}
