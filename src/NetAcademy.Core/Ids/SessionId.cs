using System.Security.Cryptography;

namespace NetAcademy.Core.Ids;

/// <summary>
/// A lab session's id: 20 random lower-case hex characters. Unguessable, so an id alone never grants
/// anything, but every use still checks that the session belongs to the caller.
/// </summary>
public readonly record struct SessionId
{
    private SessionId(string value) => Value = value;

    /// <summary>The text of the id.</summary>
    public string Value { get; }

    /// <summary>A new random id.</summary>
    public static SessionId New() => new(Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant());

    /// <summary>Parses without throwing; only exactly 20 lower-case hex characters pass.</summary>
    public static bool TryParse(string? value, out SessionId id)
    {
        var ok = value is { Length: 20 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
        id = ok ? new SessionId(value!) : default;
        return ok;
    }

    /// <summary>Parses or throws.</summary>
    /// <exception cref="ArgumentException">Not a session id.</exception>
    public static SessionId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new ArgumentException($"'{value}' is not a session id.");

    /// <inheritdoc />
    public override string ToString() => Value;
}
