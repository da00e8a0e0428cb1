namespace NetAcademy.Web.Accounts;

/// <summary>Outcome of a sign-in attempt.</summary>
/// <param name="User">The account when the password was right and it is not locked.</param>
/// <param name="LockedUntil">Set when the account is locked (now or by this attempt).</param>
public sealed record SignInResult(UserAccount? User, DateTimeOffset? LockedUntil)
{
    /// <summary>Whether the user may be signed in.</summary>
    public bool Succeeded => User is not null;

    /// <summary>The message for the sign-in form when it failed.</summary>
    public string? Error => User is not null ? null
        : LockedUntil is { } until ? $"Too many wrong passwords: this account is locked until {until:HH:mm} UTC. Try again then."
        : "Wrong user name or password.";
}
