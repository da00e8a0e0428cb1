using System.Text.Json;
using NetAcademy.Labs.Discovery;

namespace NetAcademy.Web.Graph;

/// <summary>
/// One item of the workspace's graph stream: first the whole graph (<c>kind: "graph"</c>, the JSON of
/// <c>InterfaceGraph.ToJson()</c>), then differences (<c>kind: "diff"</c>, <c>GraphDiff.ToJson()</c>); see
/// docs/graph-format.md.
/// </summary>
/// <param name="Kind"><c>graph</c> or <c>diff</c>.</param>
/// <param name="Data">The graph or diff object.</param>
public sealed record GraphStreamMessage(string Kind, JsonElement Data)
{
    /// <summary>The message for an update: the whole graph when <paramref name="full"/>, else its diff.</summary>
    public static GraphStreamMessage From(GraphUpdate update, bool full)
    {
        ArgumentNullException.ThrowIfNull(update);
        var json = full ? update.Graph.ToJson() : update.Diff.ToJson();
        using var document = JsonDocument.Parse(json);
        return new GraphStreamMessage(full ? "graph" : "diff", document.RootElement.Clone());
    }
}
