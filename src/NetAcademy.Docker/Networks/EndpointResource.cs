namespace NetAcademy.Docker.Models;

/// <summary>A container's endpoint as listed in a network inspect answer.</summary>
public sealed class EndpointResource
{
    /// <summary>Container name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Endpoint id.</summary>
    public string? EndpointID { get; set; }

    /// <summary>MAC address.</summary>
    public string? MacAddress { get; set; }

    /// <summary>IPv4 address in CIDR form, e.g. <c>10.77.0.10/24</c>.</summary>
    public string? IPv4Address { get; set; }

    /// <summary>IPv6 address in CIDR form.</summary>
    public string? IPv6Address { get; set; }
}
