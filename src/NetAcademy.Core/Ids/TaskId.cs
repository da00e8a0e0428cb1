namespace NetAcademy.Core.Ids;

/// <summary>A validated task id (see <see cref="Identifier"/>).</summary>
public readonly record struct TaskId
{
    /// <summary>Creates the id.</summary>
    /// <exception cref="ArgumentException">The value is not a valid identifier.</exception>
    public TaskId(string value) => Value = Identifier.Require(value, "task id");

    /// <summary>The text of the id.</summary>
    public string Value { get; }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? value, out TaskId id)
    {
        id = Identifier.IsValid(value) ? new TaskId(value!) : default;
        return Identifier.IsValid(value);
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
