using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Graph;

/// <summary>A network namespace inside a node; the node's own namespace is the root one.</summary>
/// <param name="Id">Element id: <c>node/name</c>, or <c>node/</c> for the root namespace.</param>
/// <param name="Node">The node.</param>
/// <param name="Name">Name from <c>ip netns list</c>, or null for the root namespace.</param>
/// <param name="Routes">Routes of the main table (IPv4, then IPv6 when collected).</param>
public sealed record GraphNamespace(string Id, NodeName Node, string? Name, IReadOnlyList<GraphRoute> Routes)
{
    /// <summary>True for the node's own namespace.</summary>
    public bool IsRoot => Name is null;

    /// <summary>The element id of a namespace.</summary>
    public static string IdOf(NodeName node, string? netns) => $"{node.Value}/{netns}";
}
