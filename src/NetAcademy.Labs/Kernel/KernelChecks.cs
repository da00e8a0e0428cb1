using NetAcademy.Core.Labs;

namespace NetAcademy.Labs.Kernel;

/// <summary>
/// What the probe runs for each feature: a short shell script whose exit code says whether the kernel
/// let a confined container (NET_ADMIN, NET_RAW, /dev/net/tun, no network) use the feature. Everything is
/// created locally in the probe's own namespaces and never brought up, so no packet is ever sent.
/// </summary>
internal static class KernelChecks
{
    /// <summary>One check: the command people can read in a report, and the script that runs it.</summary>
    internal sealed record Check(string Command, string Script);

    private static readonly Dictionary<KernelFeature, Check> Checks = new()
    {
        [KernelFeature.Veth] = new("ip link add type veth", "ip link add nav0 type veth peer name nav1"),
        [KernelFeature.Bridge] = new("ip link add type bridge", "ip link add nabr0 type bridge"),
        [KernelFeature.Vxlan] = new("ip link add type vxlan", "ip link add navx0 type vxlan id 42 dstport 4789 local 127.0.0.1"),
        // TUN and TAP come from the same driver and clone device; a lab requiring "tun" may use either.
        [KernelFeature.Tun] = new("ip tuntap add mode tun; ip tuntap add mode tap",
            "ip tuntap add dev natun0 mode tun && ip tuntap add dev natap0 mode tap"),
        [KernelFeature.Ipip] = new("ip link add type ipip", "ip link add naipip0 type ipip local 127.0.0.1 remote 192.0.2.1"),
        [KernelFeature.Gre] = new("ip link add type gre", "ip link add nagre0 type gre local 127.0.0.1 remote 192.0.2.1"),
        // macvlan needs a parent link; a veth end is the only one a network-less container can make.
        [KernelFeature.Macvlan] = new("ip link add link <veth> type macvlan",
            "ip link add napv0 type veth peer name napv1 || { echo 'no veth to act as the parent link' >&2; exit 1; }; " +
            "ip link add namv0 link napv0 type macvlan mode bridge"),
        // The base image's ipvsadm reaches IPVS through its socket options, which root in a user-namespaced node may use
        // (deploy/images/base/preload/ipvsadm-sockopt.c); over generic netlink the kernel would refuse every command.
        [KernelFeature.Ipvs] = new("ipvsadm -Ln",
            "if command -v ipvsadm >/dev/null 2>&1; then ipvsadm -Ln; " +
            "else test -e /proc/net/ip_vs || { echo 'no /proc/net/ip_vs' >&2; exit 1; }; fi"),
        [KernelFeature.Netem] = new("tc qdisc add dev lo root netem delay 1ms", "tc qdisc add dev lo root netem delay 1ms"),
        // A container cannot load modules, so a module that is not loaded already is as good as absent. drbdadm and
        // drbdsetup reach the module through its generic netlink family, which Debian's 6.1 and 6.12 register for the
        // initial network namespace only (asked from a node's own namespace, the family does not exist; 7.2 answers).
        [KernelFeature.Drbd] = new("test -e /proc/drbd && genl ctrl get name drbd",
            "test -e /proc/drbd || { echo 'no /proc/drbd (the drbd module is not loaded)' >&2; exit 1; }; " +
            "genl ctrl get name drbd >/dev/null 2>&1 || { echo 'the module is loaded, but its generic netlink family drbd " +
            "(how drbdsetup talks to it) answers only in the initial network namespace, not in the namespace of a lab node' >&2; exit 1; }"),
        [KernelFeature.Nfqueue] = new("iptables -A OUTPUT ... -j NFQUEUE",
            "iptables -w 5 -A OUTPUT -o lo -p udp --dport 9 -j NFQUEUE --queue-num 7 --queue-bypass"),
        [KernelFeature.Ebtables] = new("ebtables -L", "ebtables -L"),
        // A VLAN sub-interface needs a parent link, like macvlan.
        [KernelFeature.Vlan] = new("ip link add link <veth> type vlan id 10",
            "ip link add napq0 type veth peer name napq1 || { echo 'no veth to act as the parent link' >&2; exit 1; }; " +
            "ip link add link napq0 name napq0.10 type vlan id 10"),
        // An older bridge driver accepts the option and ignores it; the detail output says whether it took.
        [KernelFeature.BridgeVlan] = new("ip link add type bridge vlan_filtering 1",
            "ip link add nabv0 type bridge vlan_filtering 1 && ip -d link show nabv0 | grep -q 'vlan_filtering 1' " +
            "|| { echo 'the bridge did not turn VLAN filtering on' >&2; exit 1; }"),
        [KernelFeature.Geneve] = new("ip link add type geneve", "ip link add nagn0 type geneve id 42 remote 192.0.2.1"),
        // The kernel loads a scheduler module on first use; a container cannot load it by other means.
        [KernelFeature.IpvsMh] = new("ipvsadm -A -t 192.0.2.1:80 -s mh", "ipvsadm -A -t 192.0.2.1:80 -s mh"),
    };

    /// <summary>The check for a feature.</summary>
    internal static Check For(KernelFeature feature) => Checks[feature];

    /// <summary>The feature's name as lab files spell it (<c>requires: [ipip]</c>).</summary>
    internal static string Name(KernelFeature feature) => KernelFeatureNames.Name(feature);
}
