namespace NetAcademy.Core.Labs.Traffic;

/// <summary>A TCP or UDP port equals a number.</summary>
/// <param name="Endpoint">Which port is tested.</param>
/// <param name="Port">0-65535.</param>
public sealed record PortCondition(TrafficEndpoint Endpoint, int Port) : TrafficCondition;
