namespace NetAcademy.Core.Ids;

/// <summary>A validated node name (see <see cref="Identifier"/>).</summary>
public readonly record struct NodeName
{
    /// <summary>Creates the id.</summary>
    /// <exception cref="ArgumentException">The value is not a valid identifier.</exception>
    public NodeName(string value) => Value = Identifier.Require(value, "node name");

    /// <summary>The text of the id.</summary>
    public string Value { get; }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? value, out NodeName id)
    {
        id = Identifier.IsValid(value) ? new NodeName(value!) : default;
        return Identifier.IsValid(value);
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
