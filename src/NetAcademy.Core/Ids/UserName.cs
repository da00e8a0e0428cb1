using System.Text.RegularExpressions;

namespace NetAcademy.Core.Ids;

/// <summary>
/// The rule for account names (the name a lab session belongs to): 3 to 32 lower-case letters, digits, '.', '_' or
/// '-', starting with a letter or digit. Sign-up and the course file's <c>instructors:</c> list both check it, so a
/// listed name is one an account can have.
/// </summary>
public static partial class UserName
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>True when <paramref name="value"/> is a valid (already lower-case) user name.</summary>
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);
}
