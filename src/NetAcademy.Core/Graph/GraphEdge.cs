namespace NetAcademy.Core.Graph;

/// <summary>A typed edge between two graph elements (interfaces, or an interface and a network).</summary>
/// <param name="Id">Element id: <c>kind:source->target</c>, so source and target never change under one id.</param>
/// <param name="Kind">What the edge means.</param>
/// <param name="Source">Source element id.</param>
/// <param name="Target">Target element id.</param>
public sealed record GraphEdge(string Id, EdgeKind Kind, string Source, string Target)
{
    /// <summary>Creates an edge with its canonical id; undirected kinds order their ends so both views give one id.</summary>
    public static GraphEdge Create(EdgeKind kind, string source, string target)
    {
        if (kind is EdgeKind.VethPeer or EdgeKind.TunnelPeer && string.CompareOrdinal(source, target) > 0)
        {
            (source, target) = (target, source);
        }

        return new GraphEdge($"{GraphJson.KindName(kind)}:{source}->{target}", kind, source, target);
    }
}
