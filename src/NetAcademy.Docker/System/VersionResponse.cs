namespace NetAcademy.Docker.Models;

/// <summary>Answer of <c>GET /version</c>.</summary>
public sealed class VersionResponse
{
    /// <summary>Engine version, e.g. <c>20.10.24</c>.</summary>
    public string Version { get; set; } = string.Empty;

    /// <summary>Highest API version the daemon speaks, e.g. <c>1.41</c>.</summary>
    public string ApiVersion { get; set; } = string.Empty;

    /// <summary>Lowest API version the daemon accepts.</summary>
    public string? MinAPIVersion { get; set; }

    /// <summary>Host kernel version, e.g. <c>6.1.0-18-amd64</c>.</summary>
    public string KernelVersion { get; set; } = string.Empty;

    /// <summary>Operating system, <c>linux</c>.</summary>
    public string Os { get; set; } = string.Empty;

    /// <summary>Architecture, e.g. <c>amd64</c>.</summary>
    public string? Arch { get; set; }
}
