using System.Net;

namespace NetAcademy.Core.Graph;

/// <summary>Longest-prefix match over a namespace's routes, as the kernel would choose (metrics and policy rules aside).</summary>
public static class RouteLookup
{
    /// <summary>The most specific route covering <paramref name="destination"/> (lowest metric on a tie), or null.</summary>
    public static GraphRoute? Lookup(IEnumerable<GraphRoute> routes, IPAddress destination)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(destination);
        var v6 = destination.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        GraphRoute? best = null;
        var bestLength = -1;
        foreach (var route in routes)
        {
            if (route.IsIPv6 != v6 || !TryPrefix(route.Destination, v6, out var prefix) || !prefix.Contains(destination))
            {
                continue;
            }

            if (prefix.PrefixLength > bestLength || (prefix.PrefixLength == bestLength && (route.Metric ?? 0) < (best!.Metric ?? 0)))
            {
                best = route;
                bestLength = prefix.PrefixLength;
            }
        }

        return best;
    }

    /// <summary>Parses a route destination: <c>default</c>, a CIDR prefix or a host address.</summary>
    public static bool TryPrefix(string destination, bool v6, out IPNetwork prefix)
    {
        if (destination == "default")
        {
            prefix = v6 ? new IPNetwork(IPAddress.IPv6Any, 0) : new IPNetwork(IPAddress.Any, 0);
            return true;
        }

        if (IPNetwork.TryParse(destination, out prefix))
        {
            return true;
        }

        if (IPAddress.TryParse(destination, out var host))
        {
            prefix = new IPNetwork(host, v6 ? 128 : 32);
            return true;
        }

        return false;
    }
}
