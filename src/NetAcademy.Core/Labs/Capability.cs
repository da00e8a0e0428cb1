namespace NetAcademy.Core.Labs;

/// <summary>
/// The closed list of Linux capabilities a lab may ask for. Anything else (SYS_MODULE, SYS_PTRACE,
/// DAC_READ_SEARCH, ...) cannot be expressed, so a lab file cannot widen the sandbox beyond these.
/// </summary>
#pragma warning disable CA1707 // The names are the kernel's.
public enum Capability
{
    /// <summary>Interfaces, routes, netfilter, tc: what every lab needs.</summary>
    NET_ADMIN,
    /// <summary>Raw and packet sockets: ping, tcpdump, userspace IPIP.</summary>
    NET_RAW,
    /// <summary>Change user id. tcpdump, even as root, insists on switching user before it captures.</summary>
    SETUID,
    /// <summary>Change group ids; see <see cref="SETUID"/>.</summary>
    SETGID,
    /// <summary>Bind to ports below 1024 as a non-root user.</summary>
    NET_BIND_SERVICE,
    /// <summary>Mount and unshare, for <c>ip netns</c>.</summary>
    SYS_ADMIN,
    /// <summary>Lock memory (some daemons, e.g. Ceph OSDs, ask for it).</summary>
    IPC_LOCK,
    /// <summary>Raise process priorities.</summary>
    SYS_NICE,
}
#pragma warning restore CA1707
