namespace NetAcademy.Packets.Formatting;

/// <summary>Appends text to a caller-provided span and remembers whether it ran out of room.</summary>
internal ref struct SpanTextWriter
{
    private readonly Span<char> _destination;
    private int _written;

    public SpanTextWriter(Span<char> destination)
    {
        _destination = destination;
    }

    public readonly int Written => _written;

    public bool Overflowed { readonly get; private set; }

    public void Append(char value)
    {
        if (_written < _destination.Length)
        {
            _destination[_written++] = value;
        }
        else
        {
            Overflowed = true;
        }
    }

    public void Append(scoped ReadOnlySpan<char> value)
    {
        if (value.TryCopyTo(_destination[_written..]))
        {
            _written += value.Length;
        }
        else
        {
            Overflowed = true;
        }
    }

    public void AppendNumber(ulong value)
    {
        if (value.TryFormat(_destination[_written..], out var count))
        {
            _written += count;
        }
        else
        {
            Overflowed = true;
        }
    }

    public void AppendHex(ulong value, int digits)
    {
        Append("0x");
        if (value.TryFormat(_destination[_written..], out var count, digits == 0 ? "x" : "x" + digits))
        {
            _written += count;
        }
        else
        {
            Overflowed = true;
        }
    }

    /// <summary>Gives the unused tail to a formatter that writes directly, then records how much it used.</summary>
    public readonly Span<char> Remaining => _destination[_written..];

    public void Advance(int count)
    {
        if (count < 0)
        {
            Overflowed = true;
        }
        else
        {
            _written += count;
        }
    }
}
