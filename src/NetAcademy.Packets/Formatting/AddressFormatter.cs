namespace NetAcademy.Packets.Formatting;

/// <summary>Writes MAC, IPv4 and IPv6 addresses in their usual text forms without allocating.</summary>
internal static class AddressFormatter
{
    private const string HexDigits = "0123456789abcdef";

    /// <summary>Writes an address of length 4 (IPv4), 16 (IPv6) or anything else as colon-separated hex bytes (MAC).</summary>
    public static void Write(ref SpanTextWriter writer, ReadOnlySpan<byte> address)
    {
        switch (address.Length)
        {
            case 4:
                WriteIPv4(ref writer, address);
                break;
            case 16:
                WriteIPv6(ref writer, address);
                break;
            default:
                WriteMac(ref writer, address);
                break;
        }
    }

    public static void WriteMac(ref SpanTextWriter writer, ReadOnlySpan<byte> address)
    {
        for (var i = 0; i < address.Length; i++)
        {
            if (i > 0)
            {
                writer.Append(':');
            }

            writer.Append(HexDigits[address[i] >> 4]);
            writer.Append(HexDigits[address[i] & 0xF]);
        }
    }

    public static void WriteIPv4(ref SpanTextWriter writer, ReadOnlySpan<byte> address)
    {
        if (address.Length != 4)
        {
            writer.Append('?');
            return;
        }

        for (var i = 0; i < 4; i++)
        {
            if (i > 0)
            {
                writer.Append('.');
            }

            writer.AppendNumber(address[i]);
        }
    }

    /// <summary>RFC 5952 text: lowercase, no leading zeros, the longest run of two or more zero groups as "::", IPv4-mapped as ::ffff:a.b.c.d.</summary>
    public static void WriteIPv6(ref SpanTextWriter writer, ReadOnlySpan<byte> address)
    {
        if (address.Length != 16)
        {
            writer.Append('?');
            return;
        }

        Span<ushort> groups = stackalloc ushort[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = (ushort)((address[2 * i] << 8) | address[(2 * i) + 1]);
        }

        if (groups[..5].IndexOfAnyExcept((ushort)0) < 0 && groups[5] == 0xFFFF)
        {
            writer.Append("::ffff:");
            WriteIPv4(ref writer, address[12..]);
            return;
        }

        int bestStart = -1, bestLength = 0;
        for (var i = 0; i < 8;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < 8 && groups[i] == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                bestStart = start;
                bestLength = i - start;
            }
        }

        if (bestLength < 2)
        {
            bestStart = -1;
        }

        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                writer.Append("::");
                i += bestLength - 1;
                continue;
            }

            if (i > 0 && i != bestStart + bestLength)
            {
                writer.Append(':');
            }

            var value = groups[i];
            var started = false;
            for (var shift = 12; shift >= 0; shift -= 4)
            {
                var digit = (value >> shift) & 0xF;
                if (digit != 0 || started || shift == 0)
                {
                    writer.Append(HexDigits[digit]);
                    started = true;
                }
            }
        }
    }
}
