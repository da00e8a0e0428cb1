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
    /// <summary>802.1Q VLAN sub-interfaces (<c>ip link add link eth0 type vlan id 10</c>).</summary>
    Vlan,
    /// <summary>VLAN filtering on a Linux bridge (<c>vlan_filtering 1</c>, <c>bridge vlan</c>).</summary>
    BridgeVlan,
    /// <summary>Geneve tunnel devices.</summary>
    Geneve,
    /// <summary>IPVS's Maglev hashing scheduler (<c>ipvsadm -s mh</c>).</summary>
    IpvsMh,
}

/// <summary>How lab files spell kernel features: <c>bridge_vlan</c> for <see cref="KernelFeature.BridgeVlan"/>.</summary>
public static class KernelFeatureNames
{
    private static readonly Dictionary<string, KernelFeature> ByName =
        Enum.GetValues<KernelFeature>().ToDictionary(Name, StringComparer.Ordinal);

    /// <summary>Every feature's name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<KernelFeature>().Select(Name).ToList();

    /// <summary>The feature's name: lower case, words joined by '_'.</summary>
    public static string Name(KernelFeature feature)
    {
        var text = feature.ToString();
        var name = new System.Text.StringBuilder(text.Length + 2);
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && char.IsUpper(text[i]))
            {
                name.Append('_');
            }
            name.Append(char.ToLowerInvariant(text[i]));
        }
        return name.ToString();
    }

    /// <summary>The feature a lab file names, if it is one.</summary>
    public static bool TryParse(string name, out KernelFeature feature) => ByName.TryGetValue(name, out feature);
}
