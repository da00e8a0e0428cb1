namespace NetAcademy.Grading.Traffic;

/// <summary>A traffic pattern could not be parsed; the message names the layer and the part that is wrong.</summary>
public sealed class LayerPatternException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pattern">The whole pattern.</param>
    /// <param name="message">What is wrong.</param>
    public LayerPatternException(string pattern, string message)
        : base($"Invalid traffic pattern \"{pattern}\": {message}")
    {
        Pattern = pattern;
    }

    /// <summary>The pattern that failed to parse.</summary>
    public string Pattern { get; }
}
