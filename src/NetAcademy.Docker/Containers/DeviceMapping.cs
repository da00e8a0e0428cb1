namespace NetAcademy.Docker.Models;

/// <summary>A host device exposed in a container.</summary>
public sealed class DeviceMapping
{
    /// <summary>Device path on the host, e.g. <c>/dev/net/tun</c>.</summary>
    public string PathOnHost { get; set; } = string.Empty;

    /// <summary>Path inside the container; usually the same as on the host.</summary>
    public string PathInContainer { get; set; } = string.Empty;

    /// <summary>cgroup permissions, e.g. <c>rwm</c>.</summary>
    public string CgroupPermissions { get; set; } = "rwm";
}
