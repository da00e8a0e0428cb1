using NetAcademy.Core.Labs;

namespace NetAcademy.Labs.Runtime;

/// <summary>The address a node's interface carries on a lab network, as the lab declares it or chosen for it.</summary>
public static class LabAddressing
{
    /// <summary>
    /// The attachment's address with the network's prefix length, e.g. "172.20.0.2/24". Attachments that
    /// declare none get the lowest free host addresses from .2 up, in the order the lab lists them, so the
    /// choice is the same in every session.
    /// </summary>
    public static string AddressOf(LabNetwork network, NetworkAttachment attachment)
    {
        var (baseAddress, prefix) = Ipv4.ParseCidr(network.Subnet);
        if (attachment.Address is not null)
        {
            return $"{attachment.Address}/{prefix}";
        }
        var taken = network.Attachments.Where(a => a.Address is not null).Select(a => a.Address!).ToHashSet(StringComparer.Ordinal);
        var host = 2u;
        foreach (var other in network.Attachments.Where(a => a.Address is null))
        {
            while (taken.Contains(Ipv4.Format(baseAddress + host)))
            {
                host++;
            }
            if (ReferenceEquals(other, attachment))
            {
                return $"{Ipv4.Format(baseAddress + host)}/{prefix}";
            }
            host++;
        }
        throw new ArgumentException($"The attachment of {attachment.Node} is not part of network {network.Name}.", nameof(attachment));
    }
}
