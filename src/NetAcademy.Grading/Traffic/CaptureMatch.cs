namespace NetAcademy.Grading.Traffic;

/// <summary>How a capture fared against a <see cref="LayerPattern"/>.</summary>
/// <param name="Packets">Packets in the capture.</param>
/// <param name="Matches">Packets that match.</param>
/// <param name="MatchingSamples">One-line summaries of the first matching packets.</param>
/// <param name="OtherSamples">One-line summaries of the first packets that do not match (to show what was seen instead).</param>
/// <param name="Truncated">True when the capture ended inside a record (the rest was ignored).</param>
public sealed record CaptureMatch(int Packets, int Matches, IReadOnlyList<string> MatchingSamples, IReadOnlyList<string> OtherSamples, bool Truncated);
