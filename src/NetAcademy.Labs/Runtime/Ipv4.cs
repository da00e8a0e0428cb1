using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NetAcademy.Labs.Runtime;

/// <summary>IPv4 addresses as 32-bit numbers, for subnet arithmetic.</summary>
internal static class Ipv4
{
    /// <summary>Parses "a.b.c.d/n" into the network number (host bits cleared) and the prefix length.</summary>
    /// <exception cref="ArgumentException">Not an IPv4 CIDR.</exception>
    public static (uint Network, int Prefix) ParseCidr(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        {
            throw new ArgumentException($"'{cidr}' is not an IPv4 CIDR.", nameof(cidr));
        }
        var bytes = address.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        return (prefix == 0 ? 0 : value & (uint.MaxValue << (32 - prefix)), prefix);
    }

    /// <summary>Dotted-quad text of a number.</summary>
    public static string Format(uint value) => $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}";
}
