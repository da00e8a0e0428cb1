namespace NetAcademy.Core.Graph;

/// <summary>One route of a namespace's main table.</summary>
/// <param name="Destination">Prefix such as <c>10.0.0.0/24</c>, a host address, or <c>default</c>.</param>
/// <param name="Gateway">Next hop, when any.</param>
/// <param name="Dev">Outgoing interface name, when any.</param>
/// <param name="Protocol">Who installed it (<c>kernel</c>, <c>boot</c>, <c>static</c>, ...), when reported.</param>
/// <param name="Scope">Scope, when reported.</param>
/// <param name="Type">Route type when not unicast (<c>unreachable</c>, <c>blackhole</c>, ...).</param>
/// <param name="Metric">Metric, when reported.</param>
/// <param name="IsIPv6">True for a route from the IPv6 table.</param>
public sealed record GraphRoute(string Destination, string? Gateway, string? Dev, string? Protocol, string? Scope, string? Type, long? Metric, bool IsIPv6);
