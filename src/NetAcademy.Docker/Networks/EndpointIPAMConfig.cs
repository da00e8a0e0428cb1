namespace NetAcademy.Docker.Models;

/// <summary>Static addresses requested for an endpoint.</summary>
public sealed class EndpointIPAMConfig
{
    /// <summary>IPv4 address inside the network's subnet, e.g. <c>10.77.0.10</c>.</summary>
    public string? IPv4Address { get; set; }

    /// <summary>IPv6 address inside the network's subnet.</summary>
    public string? IPv6Address { get; set; }
}
