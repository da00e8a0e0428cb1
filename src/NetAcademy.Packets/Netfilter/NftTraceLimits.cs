namespace NetAcademy.Packets.Netfilter;

/// <summary>Bounds on what the trace parser keeps of a node's output (untrusted: the learner is root there).</summary>
public sealed record NftTraceLimits
{
    /// <summary>Longer lines are skipped (counted in <see cref="NftTraceParseResult.SkippedLines"/>). Default 4096
    /// characters; real trace lines are a few hundred.</summary>
    public int MaxLineLength { get; init; } = 4096;

    /// <summary>Lines read at most; the rest is left (<see cref="NftTraceParseResult.Truncated"/>). Default 20,000.</summary>
    public int MaxLines { get; init; } = 20_000;

    /// <summary>Packets kept at most; later packets are dropped and <see cref="NftTraceParseResult.Truncated"/> is set. Default 500.</summary>
    public int MaxTraces { get; init; } = 500;

    /// <summary>Lines kept per packet; a loop of jumps cannot grow one trace past this. Default 128.</summary>
    public int MaxEventsPerTrace { get; init; } = 128;

    /// <summary>Fields kept per packet line. Default 48.</summary>
    public int MaxFieldsPerPacket { get; init; } = 48;

    /// <summary>Characters kept of a name, value or rule text. Default 512.</summary>
    public int MaxTextLength { get; init; } = 512;

    /// <summary>The defaults.</summary>
    public static NftTraceLimits Default { get; } = new();
}
