namespace NetAcademy.Core.Ids;

/// <summary>A validated network name (see <see cref="Identifier"/>).</summary>
public readonly record struct NetworkName
{
    /// <summary>Creates the id.</summary>
    /// <exception cref="ArgumentException">The value is not a valid identifier.</exception>
    public NetworkName(string value) => Value = Identifier.Require(value, "network name");

    /// <summary>The text of the id.</summary>
    public string Value { get; }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? value, out NetworkName id)
    {
        id = Identifier.IsValid(value) ? new NetworkName(value!) : default;
        return Identifier.IsValid(value);
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
