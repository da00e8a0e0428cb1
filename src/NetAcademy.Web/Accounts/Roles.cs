namespace NetAcademy.Web.Accounts;

/// <summary>Role claim values, for <c>[Authorize(Roles = Roles.Admin)]</c> and <c>User.IsInRole</c>.</summary>
public static class Roles
{
    /// <summary>Every signed-in account.</summary>
    public const string Learner = "learner";

    /// <summary>Instructors and admins.</summary>
    public const string Instructor = "instructor";

    /// <summary>Admins only.</summary>
    public const string Admin = "admin";

    /// <summary>The stored and claimed name of a role.</summary>
    public static string Name(AccountRole role) => role switch
    {
        AccountRole.Admin => Admin,
        AccountRole.Instructor => Instructor,
        _ => Learner,
    };

    /// <summary>Parses a stored role name.</summary>
    /// <exception cref="FormatException">Not a role name.</exception>
    public static AccountRole Parse(string value) => TryParse(value, out var role) ? role : throw new FormatException($"'{value}' is not a role (learner, instructor, admin).");

    /// <summary>Parses a role name, case-insensitively.</summary>
    public static bool TryParse(string? value, out AccountRole role)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case Learner: role = AccountRole.Learner; return true;
            case Instructor: role = AccountRole.Instructor; return true;
            case Admin: role = AccountRole.Admin; return true;
            default: role = AccountRole.Learner; return false;
        }
    }

    /// <summary>The role and every role it includes, as claim values.</summary>
    public static IEnumerable<string> Implied(AccountRole role)
    {
        for (var r = AccountRole.Learner; r <= role; r++)
        {
            yield return Name(r);
        }
    }
}
