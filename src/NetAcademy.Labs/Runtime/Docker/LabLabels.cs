namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>
/// Label keys written on every container and network a session owns. They are the source of truth after
/// a restart: adoption and cleanup find objects by these, never by name.
/// </summary>
public static class LabLabels
{
    /// <summary>Marks objects of this project.</summary>
    public const string Project = "netacademy.project";

    /// <summary>Session id.</summary>
    public const string Session = "netacademy.session";

    /// <summary>Owner's user name.</summary>
    public const string User = "netacademy.user";

    /// <summary>Lab id.</summary>
    public const string Lab = "netacademy.lab";

    /// <summary>Node name (containers only).</summary>
    public const string Node = "netacademy.node";

    /// <summary>Lab network name (networks only).</summary>
    public const string Network = "netacademy.network";

    /// <summary>Server instance that created the object.</summary>
    public const string Instance = "netacademy.instance";

    /// <summary>Deterministic container name of a node, so restarts and shells find it without state.</summary>
    public static string ContainerName(string session, string node) => $"na-{session}-{node}";

    /// <summary>
    /// On the volume that records who claimed a warm pool's session (labels of existing containers cannot change):
    /// its <see cref="User"/> label is the owner from the claim on.
    /// </summary>
    public const string Claim = "netacademy.claim";

    /// <summary>Name of a session's claim volume.</summary>
    public static string ClaimVolumeName(string session) => $"na-{session}-claim";

    /// <summary>Deterministic Docker network name.</summary>
    public static string NetworkName(string session, string network) => $"na-{session}-{network}";

    /// <summary>The prefix of every lab bridge's host-side name; the host firewall rules match <c>nab+</c>.</summary>
    public const string BridgePrefix = "nab";

    /// <summary>
    /// Host-side bridge name (at most 15 characters). All lab bridges start with <see cref="BridgePrefix"/> so one
    /// host firewall rule (<c>iptables -I INPUT -i nab+ -j DROP</c>) keeps every lab away from the host's own addresses.
    /// </summary>
    public static string BridgeName(string session, int networkIndex) => $"{BridgePrefix}{session[..10]}{networkIndex:x2}";
}
