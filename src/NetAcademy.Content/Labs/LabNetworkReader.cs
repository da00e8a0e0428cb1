using System.Net;
using System.Net.Sockets;
using NetAcademy.Content.Yaml;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using YamlDotNet.RepresentationModel;

namespace NetAcademy.Content.Labs;

/// <summary>Reads the <c>networks:</c> list of a lab.yaml and checks subnets, addresses and interface names.</summary>
internal static class LabNetworkReader
{
    private static readonly string[] Keys = ["name", "subnet", "attach"];
    private static readonly string[] AttachKeys = ["node", "interface", "address"];

    public static List<LabNetwork> ReadAll(IReadOnlyList<YamlNode> items, LabReadContext context)
    {
        var networks = new List<LabNetwork>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var subnets = new List<(IPNetwork Subnet, string Name)>();
        // Interface names are per node across all networks: two legs called eth1 would collide.
        var interfaces = new HashSet<(string Node, string Interface)>();
        foreach (var item in items)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var map = YamlMap.From(item, context.Errors, "network", Keys);
            if (map is null)
            {
                continue;
            }

            var nameText = map.String("name", required: true);
            var validName = NetworkName.TryParse(nameText, out var name);
            if (nameText is not null && !validName)
            {
                context.Errors.Add(map.At("name"), $"'{nameText}' is not a valid network name; use 1-63 lower-case letters, digits and dashes.");
            }
            else if (validName && !names.Add(name.Value))
            {
                context.Errors.Add(map.At("name"), $"Two networks are named '{name}'; network names must be unique in a lab.");
                validName = false;
            }

            var what = validName ? $"network '{name}'" : "network";
            var subnet = ReadSubnet(map, context, what, subnets, validName ? name.Value : "?");
            var attachments = ReadAttachments(map, context, what, subnet, interfaces);
            if (validName && subnet is not null && attachments is not null)
            {
                networks.Add(new LabNetwork(name, subnet.Value.ToString(), attachments));
            }
        }

        return networks;
    }

    private static IPNetwork? ReadSubnet(YamlMap map, LabReadContext context, string what, List<(IPNetwork Subnet, string Name)> seen, string name)
    {
        var text = map.String("subnet", required: true);
        if (text is null)
        {
            return null;
        }

        if (!IPNetwork.TryParse(text, out var subnet) || subnet.BaseAddress.AddressFamily != AddressFamily.InterNetwork || !text.Contains('/'))
        {
            context.Errors.Add(map.At("subnet"), $"The subnet '{text}' of the {what} must be an IPv4 network in CIDR form with host bits zero, e.g. 172.20.0.0/24.");
            return null;
        }

        if (subnet.PrefixLength is < 8 or > 29)
        {
            context.Errors.Add(map.At("subnet"), $"The subnet '{text}' of the {what} must have a prefix length between /8 and /29.");
            return null;
        }

        foreach (var (other, otherName) in seen)
        {
            if (other.Contains(subnet.BaseAddress) || subnet.Contains(other.BaseAddress))
            {
                context.Errors.Add(map.At("subnet"), $"The subnet {text} of the {what} overlaps network '{otherName}' ({other}); give each network its own subnet.");
                return null;
            }
        }

        seen.Add((subnet, name));
        return subnet;
    }

    private static List<NetworkAttachment>? ReadAttachments(
        YamlMap map, LabReadContext context, string what, IPNetwork? subnet, HashSet<(string, string)> interfaces)
    {
        var items = map.Sequence("attach", required: true);
        if (items is null)
        {
            return null;
        }

        var attachments = new List<NetworkAttachment>();
        var nodesOnNetwork = new HashSet<string>(StringComparer.Ordinal);
        var addresses = new HashSet<IPAddress>();
        var ok = true;
        foreach (var item in items)
        {
            var attach = YamlMap.From(item, context.Errors, $"attachment of the {what}", AttachKeys);
            if (attach is null)
            {
                ok = false;
                continue;
            }

            var node = attach.String("node", required: true);
            var iface = attach.String("interface", required: true);
            var addressText = attach.String("address");
            var valid = node is not null && iface is not null;

            if (node is not null)
            {
                valid &= context.RequireNode(node, attach.At("node"), $"attachment of the {what}");
                if (!nodesOnNetwork.Add(node))
                {
                    context.Errors.Add(attach.At("node"), $"The node '{node}' is attached to the {what} twice; a container joins a network once.");
                    valid = false;
                }
            }

            if (iface is not null)
            {
                if (!InterfaceNames.IsValid(iface))
                {
                    context.Errors.Add(attach.At("interface"), $"'{iface}' is not a valid interface name; use 1-15 characters without spaces, '/' or ':'.");
                    valid = false;
                }
                else if (node is not null && !interfaces.Add((node, iface)))
                {
                    context.Errors.Add(attach.At("interface"), $"The node '{node}' already has an interface named '{iface}'; give each leg of a node its own interface name.");
                    valid = false;
                }
            }

            if (addressText is not null)
            {
                valid &= CheckAddress(addressText, attach, context, what, subnet, addresses);
            }

            if (valid)
            {
                attachments.Add(new NetworkAttachment(new NodeName(node!), iface!, addressText));
            }
            else
            {
                ok = false;
            }
        }

        return ok ? attachments : null;
    }

    private static bool CheckAddress(string text, YamlMap attach, LabReadContext context, string what, IPNetwork? subnet, HashSet<IPAddress> seen)
    {
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork || text.Contains('/') || text.Count(c => c == '.') != 3)
        {
            context.Errors.Add(attach.At("address"), $"The address '{text}' must be a plain IPv4 address without prefix length, e.g. 172.20.0.2.");
            return false;
        }

        if (subnet is not { } net)
        {
            return true;
        }

        if (!net.Contains(address))
        {
            context.Errors.Add(attach.At("address"), $"The address {text} is outside the subnet {net} of the {what}; pick an address inside it.");
            return false;
        }

        var bytes = address.GetAddressBytes();
        var baseBytes = net.BaseAddress.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        var baseValue = (uint)(baseBytes[0] << 24 | baseBytes[1] << 16 | baseBytes[2] << 8 | baseBytes[3]);
        var hostMask = net.PrefixLength == 32 ? 0u : uint.MaxValue >> net.PrefixLength;
        if (value == baseValue || value == (baseValue | hostMask))
        {
            context.Errors.Add(attach.At("address"), $"The address {text} is the network or broadcast address of {net}; pick a host address.");
            return false;
        }

        if (!seen.Add(address))
        {
            context.Errors.Add(attach.At("address"), $"The address {text} is used twice on the {what}; give each node its own address.");
            return false;
        }

        return true;
    }
}
