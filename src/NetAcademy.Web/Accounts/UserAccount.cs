namespace NetAcademy.Web.Accounts;

/// <summary>A stored account.</summary>
/// <param name="Id">Stable random id (32 hex digits); the cookie refers to it.</param>
/// <param name="UserName">Unique, lower-case, immutable; lab sessions, progress and audit use it.</param>
/// <param name="Email">Optional, unique when given, lower-case.</param>
/// <param name="DisplayName">What the pages show.</param>
/// <param name="PasswordHash">PasswordHasher output (PBKDF2, salted, versioned).</param>
/// <param name="Role">What the account may do.</param>
/// <param name="FailedSignIns">Wrong passwords since the last success or lockout.</param>
/// <param name="LockedUntil">Sign-in refused until then, when set.</param>
/// <param name="SecurityStamp">Changes when the password does, which ends the account's other cookies.</param>
/// <param name="CreatedAt">Sign-up time.</param>
/// <param name="LastSignInAt">Last successful sign-in.</param>
public sealed record UserAccount(
    string Id, string UserName, string? Email, string DisplayName, string PasswordHash, AccountRole Role,
    int FailedSignIns, DateTimeOffset? LockedUntil, string SecurityStamp, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt)
{
    /// <summary>Whether sign-in is refused at <paramref name="now"/>.</summary>
    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;
}
