namespace NetAcademy.Grading.Netfilter;

/// <summary>A trace could not be taken (nft missing or refused, the monitor did not start, the namespace is gone).</summary>
public sealed class NetfilterTraceException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A sentence for the learner.</param>
    /// <param name="detail">The node's own output, or null.</param>
    /// <param name="netnsMissing">True when the namespace the trace was to run in does not exist.</param>
    public NetfilterTraceException(string message, string? detail = null, bool netnsMissing = false)
        : base(message)
    {
        Detail = detail;
        NetnsMissing = netnsMissing;
    }

    /// <summary>Creates the exception.</summary>
    public NetfilterTraceException()
        : this("The trace could not be taken.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A sentence for the learner.</param>
    /// <param name="inner">The cause.</param>
    public NetfilterTraceException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The node's own output, or null.</summary>
    public string? Detail { get; }

    /// <summary>True when the namespace the trace was to run in does not exist.</summary>
    public bool NetnsMissing { get; }
}
