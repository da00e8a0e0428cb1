using System.Text.RegularExpressions;
using NetAcademy.Content.Errors;
using NetAcademy.Core.Labs;

namespace NetAcademy.Content.Linting;

/// <summary>
/// Warnings for a lab whose files use a kernel feature its <c>requires</c> does not name: on a host without that
/// feature such a lab is offered and then fails half-way, where it should be shown as unavailable with the reason.
/// What a lab uses is read from its files (lab.yaml with its solutions and hints, setup scripts, files for the nodes)
/// by the commands that need the feature; a feature used only in a way these patterns miss goes unnoticed.
/// </summary>
public static partial class RequiresAdvisor
{
    private static readonly (KernelFeature Feature, Regex Use)[] Uses =
    [
        (KernelFeature.Veth, VethUse()),
        (KernelFeature.Bridge, BridgeUse()),
        (KernelFeature.Vxlan, VxlanUse()),
        (KernelFeature.Tun, TunUse()),
        (KernelFeature.Ipip, IpipUse()),
        (KernelFeature.Gre, GreUse()),
        (KernelFeature.Macvlan, MacvlanUse()),
        (KernelFeature.Ipvs, IpvsUse()),
        (KernelFeature.Netem, NetemUse()),
        (KernelFeature.Drbd, DrbdUse()),
        (KernelFeature.Nfqueue, NfqueueUse()),
        (KernelFeature.Ebtables, EbtablesUse()),
        (KernelFeature.Vlan, VlanUse()),
        (KernelFeature.BridgeVlan, BridgeVlanUse()),
        (KernelFeature.Geneve, GeneveUse()),
        (KernelFeature.IpvsMh, IpvsMhUse()),
    ];

    /// <summary>One warning per lab and feature used but not required, at the first use found.</summary>
    /// <param name="labsRoot">A labs folder (every child with a lab.yaml) or one lab folder.</param>
    /// <param name="imagesRoot">The image recipes folder, as for loading.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    public static IReadOnlyList<ContentError> Warnings(string labsRoot, string? imagesRoot, CancellationToken cancellationToken)
    {
        var warnings = new List<ContentError>();
        foreach (var (folder, lab) in LintedLabs.Load(labsRoot, imagesRoot, cancellationToken))
        {
            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(path => (Path: path, Lines: File.ReadAllLines(path)))
                .ToList();
            foreach (var (feature, use) in Uses.Where(u => !lab.Requires.Contains(u.Feature)))
            {
                if (FirstUse(files, use) is { } at)
                {
                    warnings.Add(new ContentError(at.Path, at.Line, 0,
                        $"the lab uses {KernelFeatureNames.Name(feature)} (`{at.Text}`) but its requires does not name it: "
                        + $"add {KernelFeatureNames.Name(feature)} to requires, so that a host without it shows the lab as unavailable."));
                }
            }
        }
        return warnings;
    }

    private static (string Path, int Line, string Text)? FirstUse(List<(string Path, string[] Lines)> files, Regex use)
    {
        foreach (var (path, lines) in files)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                if (use.Match(lines[i]) is { Success: true } match)
                {
                    return (path, i + 1, match.Value);
                }
            }
        }
        return null;
    }

    [GeneratedRegex(@"\btype\s+veth\b")]
    private static partial Regex VethUse();

    [GeneratedRegex(@"\btype\s+bridge\b|\bbrctl\s+addbr\b")]
    private static partial Regex BridgeUse();

    [GeneratedRegex(@"\btype\s+vxlan\b")]
    private static partial Regex VxlanUse();

    // Open vSwitch's userspace datapath is a TAP device of its own, and so is every bridge's internal port: without
    // /dev/net/tun ovs-vswitchd cannot create it.
    [GeneratedRegex(@"\btuntap\b|/dev/net/tun\b|\bdatapath_type=netdev\b")]
    private static partial Regex TunUse();

    [GeneratedRegex(@"\b(type|mode)\s+ipip\b")]
    private static partial Regex IpipUse();

    [GeneratedRegex(@"\b(type|mode)\s+(gre|gretap|ip6gre|ip6gretap)\b")]
    private static partial Regex GreUse();

    [GeneratedRegex(@"\btype\s+macvlan\b")]
    private static partial Regex MacvlanUse();

    [GeneratedRegex(@"\bipvsadm\s+-[AaEe]\b")]
    private static partial Regex IpvsUse();

    [GeneratedRegex(@"\bnetem\b")]
    private static partial Regex NetemUse();

    [GeneratedRegex(@"\bdrbd(setup|adm)\b")]
    private static partial Regex DrbdUse();

    [GeneratedRegex(@"-j\s+NFQUEUE\b")]
    private static partial Regex NfqueueUse();

    [GeneratedRegex(@"\bebtables\s+(-t\s+\S+\s+)?-[AIDP]\b")]
    private static partial Regex EbtablesUse();

    [GeneratedRegex(@"\btype\s+vlan\b")]
    private static partial Regex VlanUse();

    [GeneratedRegex(@"\bvlan_filtering\s+1\b|\bbridge\s+vlan\s+add\b")]
    private static partial Regex BridgeVlanUse();

    [GeneratedRegex(@"\btype\s+geneve\b")]
    private static partial Regex GeneveUse();

    [GeneratedRegex(@"\bipvsadm\b.*\s(-s|--scheduler)\s+mh\b")]
    private static partial Regex IpvsMhUse();
}
