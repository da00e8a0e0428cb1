namespace NetAcademy.Web.Accounts;

/// <summary>
/// What an account may do. Each role includes the ones before it: an instructor is also a learner, an
/// admin also an instructor. Stored lower-case ("learner", "instructor", "admin").
/// </summary>
public enum AccountRole
{
    /// <summary>Reads lessons and runs labs.</summary>
    Learner,

    /// <summary>Also sees learners' progress and teaching tools.</summary>
    Instructor,

    /// <summary>Also manages accounts, roles and invitations.</summary>
    Admin,
}
