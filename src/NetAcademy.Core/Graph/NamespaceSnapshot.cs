using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Graph;

/// <summary>
/// The raw command outputs of one network namespace of one node: the input of <see cref="InterfaceGraphBuilder"/>.
/// Texts are the JSON printed by iproute2; null or blank optional texts mean "not collected".
/// </summary>
/// <param name="Node">The lab node (container).</param>
/// <param name="Netns">A namespace name from <c>ip netns list</c>, or null for the node's own namespace.</param>
/// <param name="LinkJson">Output of <c>ip -j -d link show</c>.</param>
/// <param name="AddrJson">Output of <c>ip -j addr show</c>.</param>
/// <param name="RouteJson">Output of <c>ip -j route show</c>.</param>
/// <param name="Route6Json">Output of <c>ip -j -6 route show</c>, optional.</param>
/// <param name="BridgeLinkJson">Output of <c>bridge -j link show</c>, optional.</param>
/// <param name="NetnsIdsJson">Output of <c>ip -j netns list-id</c> run in this namespace, optional; it maps the
/// <c>link_netnsid</c> values seen here to namespace names, which settles veth peers that ifindexes alone cannot.</param>
/// <param name="BridgeVlanJson">Output of <c>bridge -j vlan show</c>, optional: the VLANs of every bridge port.</param>
/// <param name="CollectionError">Why collecting failed (exec error, timeout), reported as an error diagnostic; null when it worked.</param>
public sealed record NamespaceSnapshot(
    NodeName Node,
    string? Netns,
    string? LinkJson,
    string? AddrJson,
    string? RouteJson,
    string? Route6Json = null,
    string? BridgeLinkJson = null,
    string? NetnsIdsJson = null,
    string? BridgeVlanJson = null,
    string? CollectionError = null);
