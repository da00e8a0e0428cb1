using System.Net;

namespace NetAcademy.Core.Labs.Traffic;

/// <summary>An IPv4, IPv6 or ARP protocol address lies in a prefix (a single address is a full-length prefix).</summary>
/// <param name="Endpoint">Which address is tested.</param>
/// <param name="Prefix">The prefix, host bits cleared.</param>
public sealed record AddressCondition(TrafficEndpoint Endpoint, IPNetwork Prefix) : TrafficCondition;
