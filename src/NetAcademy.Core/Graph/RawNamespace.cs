using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Graph;

/// <summary>One namespace's parsed snapshot, before edges are resolved.</summary>
internal sealed class RawNamespace(NodeName node, string? netns)
{
    public NodeName Node { get; } = node;
    public string? Netns { get; } = netns;
    public bool IsRoot => Netns is null;
    public string Id => GraphNamespace.IdOf(Node, Netns);
    public List<RawLink> Links { get; } = [];
    public List<GraphRoute> Routes { get; } = [];

    /// <summary><c>link_netnsid</c> -> namespace name (null when the id has no name here), or null when not collected.</summary>
    public Dictionary<int, string?>? NsidNames { get; set; }

    public RawLink? Link(string name) => Links.FirstOrDefault(l => l.Name == name);

    public override string ToString() => Id;
}
