namespace NetAcademy.Core.Labs.Traffic;

/// <summary>A numeric header field equals a value.</summary>
/// <param name="Field">The field.</param>
/// <param name="Value">The value, within the field's range.</param>
public sealed record FieldCondition(TrafficField Field, long Value) : TrafficCondition;
