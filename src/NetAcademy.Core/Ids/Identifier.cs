using System.Text.RegularExpressions;

namespace NetAcademy.Core.Ids;

/// <summary>
/// The one rule every name in NetAcademy follows (lab ids, node names, task ids, ...): lower-case letters,
/// digits and dashes, starting with a letter or digit, at most 63 characters. Names that pass can be used
/// in container names, labels, file paths and argv without quoting.
/// </summary>
public static partial class Identifier
{
    /// <summary>Largest length accepted.</summary>
    public const int MaxLength = 63;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>True when <paramref name="value"/> is a valid identifier.</summary>
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>Returns the value or throws <see cref="ArgumentException"/> with a message that says what is allowed.</summary>
    /// <exception cref="ArgumentException">The value is not a valid identifier.</exception>
    public static string Require(string? value, string what) =>
        IsValid(value)
            ? value!
            : throw new ArgumentException(
                $"'{value}' is not a valid {what}: use 1-63 lower-case letters, digits and dashes, starting with a letter or digit.");
}
