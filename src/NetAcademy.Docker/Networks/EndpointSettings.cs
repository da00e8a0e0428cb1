namespace NetAcademy.Docker.Models;

/// <summary>
/// A container's endpoint on one network: what to ask for when attaching (IPAMConfig, Aliases) and,
/// in inspect answers, what it got (addresses, ids).
/// </summary>
public sealed class EndpointSettings
{
    /// <summary>Static addresses to request.</summary>
    public EndpointIPAMConfig? IPAMConfig { get; set; }

    /// <summary>DNS aliases on this network.</summary>
    public IList<string>? Aliases { get; set; }

    /// <summary>Network id (inspect only).</summary>
    public string? NetworkID { get; set; }

    /// <summary>Endpoint id (inspect only).</summary>
    public string? EndpointID { get; set; }

    /// <summary>Gateway address (inspect only).</summary>
    public string? Gateway { get; set; }

    /// <summary>IPv4 address (inspect only).</summary>
    public string? IPAddress { get; set; }

    /// <summary>IPv4 prefix length (inspect only).</summary>
    public int IPPrefixLen { get; set; }

    /// <summary>MAC address (inspect only).</summary>
    public string? MacAddress { get; set; }
}
