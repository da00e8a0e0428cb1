namespace NetAcademy.Web.Audit;

/// <summary>
/// The audit event kinds the platform writes. Features add their own as dotted lower-case names
/// ("feature.event"); keep them stable, since queries filter by them.
/// </summary>
public static class AuditKinds
{
    /// <summary>A successful sign-in.</summary>
    public const string SignIn = "account.sign-in";

    /// <summary>A wrong password (detail says whether it locked the account).</summary>
    public const string SignInFailed = "account.sign-in-failed";

    /// <summary>A sign-out.</summary>
    public const string SignOut = "account.sign-out";

    /// <summary>A new account.</summary>
    public const string SignUp = "account.sign-up";

    /// <summary>A password change.</summary>
    public const string PasswordChanged = "account.password-changed";

    /// <summary>An admin changed someone's role (subject: the account; detail: the new role).</summary>
    public const string RoleChanged = "account.role-changed";

    /// <summary>An admin created an invitation.</summary>
    public const string InvitationCreated = "account.invitation-created";

    /// <summary>The first admin was created (setup link or configuration).</summary>
    public const string AdminCreated = "account.admin-created";

    /// <summary>A lab session was started (subject: session id; detail: lab id).</summary>
    public const string LabStart = "lab.start";

    /// <summary>A lab session failed to start (detail: the error).</summary>
    public const string LabFailed = "lab.failed";

    /// <summary>A lab session ended (detail: the reason).</summary>
    public const string LabStop = "lab.stop";

    /// <summary>A task's checks ran (subject: lab/task; detail: passed or failed and the message).</summary>
    public const string Check = "lab.check";

    /// <summary>Something the platform noticed in a learner's lab (a capture, a graph change worth keeping).</summary>
    public const string Observation = "lab.observation";
}
