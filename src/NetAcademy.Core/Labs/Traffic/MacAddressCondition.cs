using System.Net.NetworkInformation;

namespace NetAcademy.Core.Labs.Traffic;

/// <summary>An Ethernet address equals a MAC address.</summary>
/// <param name="Endpoint">Which address is tested.</param>
/// <param name="Address">The six-byte MAC address.</param>
public sealed record MacAddressCondition(TrafficEndpoint Endpoint, PhysicalAddress Address) : TrafficCondition;
