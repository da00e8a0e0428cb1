using System.Text.RegularExpressions;

namespace NetAcademy.Core.Runtime;

/// <summary>Validation of network namespace names as accepted from learners and lab files.</summary>
public static partial class NetnsName
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>True for a name <c>ip netns</c> accepts and that is safe as one argv element.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name) && name is not "." and not "..";
}
