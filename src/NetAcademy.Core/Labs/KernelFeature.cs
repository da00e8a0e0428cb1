namespace NetAcademy.Core.Labs;

/// <summary>Host kernel features a lab may require. The platform probes them once at start-up.</summary>
public enum KernelFeature
{
    /// <summary>veth pairs.</summary>
    Veth,
    /// <summary>Linux bridge.</summary>
    Bridge,
    /// <summary>VXLAN devices.</summary>
    Vxlan,
    /// <summary>TUN/TAP devices (<c>/dev/net/tun</c>).</summary>
    Tun,
    /// <summary>The kernel's IP-in-IP tunnel (<c>ip tunnel ... mode ipip</c>).</summary>
    Ipip,
    /// <summary>The kernel's GRE tunnel.</summary>
    Gre,
    /// <summary>macvlan devices.</summary>
    Macvlan,
    /// <summary>IPVS, the kernel's layer-4 load balancer.</summary>
    Ipvs,
    /// <summary>The netem queueing discipline.</summary>
    Netem,
    /// <summary>The DRBD block replication module.</summary>
    Drbd,
    /// <summary>NFQUEUE (netfilter queue to userspace).</summary>
    Nfqueue,
    /// <summary>ebtables / bridge netfilter.</summary>
    Ebtables,
}
