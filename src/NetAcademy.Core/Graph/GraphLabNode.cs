using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Graph;

/// <summary>A lab node (container) in the graph; the outermost compound node.</summary>
/// <param name="Id">Element id: the node name.</param>
/// <param name="Name">The node name.</param>
public sealed record GraphLabNode(string Id, NodeName Name);
