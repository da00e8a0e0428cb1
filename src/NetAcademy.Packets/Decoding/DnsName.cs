namespace NetAcademy.Packets.Decoding;

/// <summary>Walks DNS names (labels and compression pointers) inside a message, bounded against loops.</summary>
internal static class DnsName
{
    /// <summary>Longest presentation form of a name (RFC 1035: 255 octets on the wire).</summary>
    public const int MaxLength = 255;

    private const int MaxJumps = 32;

    /// <summary>Returns the offset just past the name starting at <paramref name="start"/>, or -1 if it is invalid.</summary>
    public static int SkipName(ReadOnlySpan<byte> message, int start)
    {
        var position = start;
        while (position < message.Length)
        {
            var length = message[position];
            if (length == 0)
            {
                return position + 1;
            }

            if ((length & 0xC0) == 0xC0)
            {
                // A pointer ends the name in place; its target is validated when the name is printed.
                return position + 2 <= message.Length ? position + 2 : -1;
            }

            if ((length & 0xC0) != 0)
            {
                return -1;
            }

            position += 1 + length;
        }

        return -1;
    }

    /// <summary>
    /// Writes the dotted name at <paramref name="start"/> into <paramref name="destination"/>, following
    /// compression pointers. Returns the characters written, or -1 if the name is invalid or does not fit.
    /// </summary>
    public static int Format(ReadOnlySpan<byte> message, int start, Span<char> destination)
    {
        var written = 0;
        var position = start;
        for (var jumps = 0; position < message.Length;)
        {
            var length = message[position];
            if (length == 0)
            {
                if (written == 0)
                {
                    if (destination.IsEmpty)
                    {
                        return -1;
                    }

                    destination[0] = '.';
                    return 1;
                }

                return written;
            }

            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length || ++jumps > MaxJumps)
                {
                    return -1;
                }

                position = ((length & 0x3F) << 8) | message[position + 1];
                continue;
            }

            if ((length & 0xC0) != 0 || position + 1 + length > message.Length)
            {
                return -1;
            }

            var needed = length + (written == 0 ? 0 : 1);
            if (written + needed > Math.Min(destination.Length, MaxLength))
            {
                return -1;
            }

            if (written != 0)
            {
                destination[written++] = '.';
            }

            foreach (var b in message.Slice(position + 1, length))
            {
                destination[written++] = b is >= 0x21 and < 0x7F ? (char)b : '?';
            }

            position += 1 + length;
        }

        return -1;
    }
}
