namespace NetAcademy.Grading.Checks;

/// <summary>No evaluator is registered for a check's kind.</summary>
public sealed class UnknownCheckKindException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The kind that has no evaluator.</param>
    /// <param name="known">The kinds that do.</param>
    public UnknownCheckKindException(string kind, IEnumerable<string> known)
        : base($"No evaluator is registered for check kind '{kind}'; known kinds: {string.Join(", ", known)}.")
    {
        Kind = kind;
    }

    /// <summary>The kind that has no evaluator.</summary>
    public string Kind { get; }
}
