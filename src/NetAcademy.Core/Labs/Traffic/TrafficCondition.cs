namespace NetAcademy.Core.Labs.Traffic;

/// <summary>
/// One constraint of a <see cref="TrafficLayer"/>. The parser only creates a condition on a protocol that has the
/// field, so a matcher can take the layer kind for granted.
/// </summary>
public abstract record TrafficCondition;
