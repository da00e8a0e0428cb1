namespace NetAcademy.Core.Labs.Traffic;

/// <summary>A traffic pattern could not be parsed; the message names the layer, the part that is wrong and how to fix it.</summary>
public sealed class TrafficPatternException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pattern">The whole pattern.</param>
    /// <param name="reason">What is wrong, starting with the layer (e.g. <c>layer 2 ("ICMP echo") has ...</c>).</param>
    /// <param name="offset">Index in <paramref name="pattern"/> of the layer that is wrong.</param>
    public TrafficPatternException(string pattern, string reason, int offset)
        : base($"Invalid traffic pattern \"{pattern}\": {reason}")
    {
        Pattern = pattern;
        Reason = reason;
        Offset = offset;
    }

    /// <summary>The pattern that failed to parse.</summary>
    public string Pattern { get; }

    /// <summary>What is wrong, without the pattern itself (for messages that already show it).</summary>
    public string Reason { get; }

    /// <summary>Index in <see cref="Pattern"/> where the wrong layer starts, so an error can point into a lab file line.</summary>
    public int Offset { get; }
}
