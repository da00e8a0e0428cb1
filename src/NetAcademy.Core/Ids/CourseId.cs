namespace NetAcademy.Core.Ids;

/// <summary>A validated course id (see <see cref="Identifier"/>).</summary>
public readonly record struct CourseId
{
    /// <summary>Creates the id.</summary>
    /// <exception cref="ArgumentException">The value is not a valid identifier.</exception>
    public CourseId(string value) => Value = Identifier.Require(value, "course id");

    /// <summary>The text of the id.</summary>
    public string Value { get; }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? value, out CourseId id)
    {
        id = Identifier.IsValid(value) ? new CourseId(value!) : default;
        return Identifier.IsValid(value);
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
