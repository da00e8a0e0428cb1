namespace NetAcademy.Core.Labs.Traffic;

/// <summary>One layer of a <see cref="TrafficPattern"/>: a protocol (or any, for <c>*</c>) and its constraints.</summary>
/// <param name="Text">The layer as written, for messages.</param>
/// <param name="Protocol">The protocol, or null for <c>*</c> (any one layer).</param>
/// <param name="Conditions">Constraints that must all hold; empty for a bare protocol.</param>
public sealed record TrafficLayer(string Text, TrafficProtocol? Protocol, IReadOnlyList<TrafficCondition> Conditions)
{
    /// <inheritdoc />
    public override string ToString() => Text;
}
