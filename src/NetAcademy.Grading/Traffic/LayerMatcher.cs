using NetAcademy.Packets.Decoding;

namespace NetAcademy.Grading.Traffic;

/// <summary>One layer of a <see cref="LayerPattern"/>: a protocol (or any, for <c>*</c>) and its constraints.</summary>
internal sealed class LayerMatcher(string text, LayerKind? kind, IReadOnlyList<LayerPredicate> conditions)
{
    /// <summary>The layer as written, for messages.</summary>
    public string Text { get; } = text;

    /// <summary>The protocol, or null for <c>*</c>.</summary>
    public LayerKind? Kind { get; } = kind;

    public bool Matches(ReadOnlySpan<byte> frame, in Layer layer)
    {
        if (Kind is { } kind && layer.Kind != kind)
        {
            return false;
        }

        foreach (var condition in conditions)
        {
            if (!condition(frame, in layer))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Text;
}
