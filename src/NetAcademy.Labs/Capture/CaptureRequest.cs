using NetAcademy.Core.Ids;

namespace NetAcademy.Labs.Capture;

/// <summary>What to capture: an interface of a node (or of a network namespace inside it) of a session.</summary>
/// <param name="Session">The lab session.</param>
/// <param name="Nodes">The session's nodes, to check <paramref name="Node"/> against.</param>
/// <param name="Node">The node to capture in.</param>
/// <param name="Netns">A named network namespace inside the node (<c>/run/netns/NAME</c>), or null for the node's own.</param>
/// <param name="Interface">Interface name as the kernel knows it (1-15 characters).</param>
/// <param name="Filter">A pcap filter expression (tcpdump syntax), or null/empty for every packet.</param>
public sealed record CaptureRequest(
    SessionId Session, IReadOnlyCollection<NodeName> Nodes, NodeName Node, string? Netns, string Interface, string? Filter);
