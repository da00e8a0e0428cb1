namespace NetAcademy.Core.Ids;

/// <summary>A validated lab id (see <see cref="Identifier"/>).</summary>
public readonly record struct LabId
{
    /// <summary>Creates the id.</summary>
    /// <exception cref="ArgumentException">The value is not a valid identifier.</exception>
    public LabId(string value) => Value = Identifier.Require(value, "lab id");

    /// <summary>The text of the id.</summary>
    public string Value { get; }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? value, out LabId id)
    {
        id = Identifier.IsValid(value) ? new LabId(value!) : default;
        return Identifier.IsValid(value);
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
