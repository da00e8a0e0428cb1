namespace NetAcademy.Core.Labs.Traffic;

/// <summary>
/// A parsed traffic pattern such as <c>IPv4 172.20.0.2 &gt; 172.20.0.3 / IPIP / IPv4 / ICMP echo-request</c>:
/// layers separated by <c>" / "</c>, each a protocol name with optional constraints, or <c>*</c> for any one layer.
/// This is only the syntax (the language of docs/grading.md), so the content linter can reject a bad pattern
/// without knowing about packets; the grader matches decoded packets against the parsed layers. Immutable.
/// </summary>
/// <param name="Text">The pattern as written.</param>
/// <param name="Layers">The layers, outermost first; at least one.</param>
public sealed record TrafficPattern(string Text, IReadOnlyList<TrafficLayer> Layers)
{
    /// <summary>The protocol names (and aliases) a layer may start with, matched case-insensitively.</summary>
    public static IReadOnlyCollection<string> ProtocolNames => TrafficPatternParser.ProtocolNames;

    /// <summary>Parses a pattern.</summary>
    /// <param name="text">The pattern.</param>
    /// <exception cref="TrafficPatternException">The pattern is invalid; the message names the layer and why.</exception>
    public static TrafficPattern Parse(string text) => new(text, TrafficPatternParser.Parse(text));

    /// <summary>Parses a pattern without throwing.</summary>
    /// <param name="text">The pattern.</param>
    /// <param name="pattern">The parsed pattern, or null.</param>
    /// <param name="error">Why it is invalid (with the offset of the wrong layer), or null.</param>
    public static bool TryParse(string text, out TrafficPattern? pattern, out TrafficPatternException? error)
    {
        try
        {
            pattern = Parse(text);
            error = null;
            return true;
        }
        catch (TrafficPatternException e)
        {
            pattern = null;
            error = e;
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
