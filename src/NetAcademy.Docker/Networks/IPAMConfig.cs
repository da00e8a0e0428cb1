namespace NetAcademy.Docker.Models;

/// <summary>One address pool of a network.</summary>
public sealed class IPAMConfig
{
    /// <summary>Subnet in CIDR form, e.g. <c>10.77.0.0/24</c>.</summary>
    public string? Subnet { get; set; }

    /// <summary>Gateway address (the bridge's address on the host side).</summary>
    public string? Gateway { get; set; }

    /// <summary>Sub-range that dynamic addresses are taken from.</summary>
    public string? IPRange { get; set; }
}
