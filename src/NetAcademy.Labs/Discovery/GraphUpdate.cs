using NetAcademy.Core.Graph;

namespace NetAcademy.Labs.Discovery;

/// <summary>The result of one refresh: the new graph and what changed since the previous one.</summary>
/// <param name="Graph">The graph now.</param>
/// <param name="Diff">Changes against the graph of the previous refresh (everything is "added" on the first).</param>
public sealed record GraphUpdate(InterfaceGraph Graph, GraphDiff Diff);
