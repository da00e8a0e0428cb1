using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NetAcademy.Core.Labs;

/// <summary>
/// Parses the address forms lab files use (check targets, gateways, interface addresses, traffic pattern
/// addresses). One place, so <c>netacademy lint</c> and the grader accept exactly the same text.
/// </summary>
/// <remarks>
/// Stricter than <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> on purpose: that method follows
/// <c>inet_aton</c>, which reads <c>10.1</c> as 10.0.0.1 and <c>010.0.0.1</c> as 8.0.0.1, so a dropped octet or a
/// stray zero in a lab file would silently test a different address. Here IPv4 is exactly four decimal octets
/// without leading zeros; IPv6 is the usual colon form without a zone (<c>%eth0</c>); prefix lengths are plain
/// decimal digits.
/// </remarks>
public static class AddressText
{
    /// <summary>Parses a single IPv4 or IPv6 address.</summary>
    /// <param name="text">The text, e.g. <c>10.0.0.2</c> or <c>fd00::2</c>.</param>
    /// <param name="address">The address, or <see cref="IPAddress.None"/> when the text is not one.</param>
    public static bool TryParseAddress(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.AsSpan().IndexOfAny('%', '[', ']') >= 0 || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>
    /// Parses an interface address with its prefix length, such as <c>10.0.0.1/24</c>. Host bits are kept (this is
    /// how <c>ip addr</c> shows an address), so <c>10.0.0.1/24</c> is not the same as <c>10.0.0.0/24</c>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address, or <see cref="IPAddress.None"/>.</param>
    /// <param name="prefixLength">The prefix length, 0-32 for IPv4 and 0-128 for IPv6.</param>
    public static bool TryParseInterfaceAddress(string? text, out IPAddress address, out int prefixLength)
    {
        address = IPAddress.None;
        prefixLength = 0;
        var slash = text?.IndexOf('/') ?? -1;
        if (slash < 0 || !TryParseAddress(text![..slash], out var parsed) || !TryParsePrefixLength(text[(slash + 1)..], parsed, out prefixLength))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>
    /// Parses a prefix such as <c>10.0.0.0/24</c>, or a single address (a full-length prefix). Host bits are cleared,
    /// so <c>10.0.2.20/30</c> is the prefix 10.0.2.20/30 and <c>10.0.2.21/30</c> is too.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="prefix">The prefix, or the default value when the text is not one.</param>
    public static bool TryParsePrefix(string? text, out IPNetwork prefix)
    {
        prefix = default;
        if (text is null)
        {
            return false;
        }

        var slash = text.IndexOf('/');
        if (!TryParseAddress(slash < 0 ? text : text[..slash], out var address))
        {
            return false;
        }

        var max = MaxPrefixLength(address);
        var length = max;
        if (slash >= 0 && !TryParsePrefixLength(text[(slash + 1)..], address, out length))
        {
            return false;
        }

        prefix = new IPNetwork(Mask(address, length), length);
        return true;
    }

    /// <summary>32 for an IPv4 address, 128 for IPv6.</summary>
    /// <param name="address">The address.</param>
    public static int MaxPrefixLength(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
    }

    private static bool TryParsePrefixLength(string text, IPAddress address, out int length) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out length) && text.Length <= 3 && length <= MaxPrefixLength(address);

    private static IPAddress Mask(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] &= (byte)(0xFF << (8 - Math.Clamp(length - (i * 8), 0, 8)));
        }

        return new IPAddress(bytes);
    }
}
