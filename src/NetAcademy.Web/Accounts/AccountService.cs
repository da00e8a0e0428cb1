using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NetAcademy.Web.Audit;

namespace NetAcademy.Web.Accounts;

/// <summary>
/// The account operations behind the pages: sign up, sign in with lockout, change password, roles,
/// invitations. Input is validated here (the pages only shape it) and every refusal is an
/// <see cref="AccountException"/> with a message for the form.
/// </summary>
public sealed partial class AccountService
{
    /// <summary>Longest password accepted (PBKDF2 of a megabyte would be a cheap denial of service).</summary>
    public const int MaxPasswordLength = 128;

    private readonly UserStore _users;
    private readonly InvitationStore _invitations;
    private readonly IAuditLog _audit;
    private readonly AccountsOptions _options;
    private readonly TimeProvider _time;
    private readonly PasswordHasher<UserAccount> _hasher = new();
    private readonly Lazy<string> _dummyHash;

    /// <summary>Creates the service.</summary>
    public AccountService(UserStore users, InvitationStore invitations, IAuditLog audit, IOptions<AccountsOptions> options, TimeProvider time)
    {
        _users = users;
        _invitations = invitations;
        _audit = audit;
        _options = options.Value;
        _time = time;
        _dummyHash = new(() => _hasher.HashPassword(null!, "not a password " + Guid.NewGuid()));
    }

    /// <summary>The options in force.</summary>
    public AccountsOptions Options => _options;

    /// <summary>Creates a learner account (or the invitation's role) after checking every field.</summary>
    /// <exception cref="AccountException">A field is invalid, the name is taken, or sign-up is not allowed.</exception>
    public async Task<UserAccount> SignUpAsync(string userName, string? displayName, string? email, string password, string? invitationCode, CancellationToken cancellationToken)
    {
        if (_options.SignUp == SignUpMode.Closed)
        {
            throw new AccountException("Sign-up is closed on this server. Ask an administrator for an account.");
        }
        var name = ValidateUserName(userName);
        var mail = ValidateEmail(email);
        ValidatePassword(password, name);
        var role = AccountRole.Learner;
        string? invitationHash = null;
        if (_options.SignUp == SignUpMode.Invitation || !string.IsNullOrWhiteSpace(invitationCode))
        {
            if (string.IsNullOrWhiteSpace(invitationCode))
            {
                throw new AccountException("An invitation code is required to sign up here.", "InvitationCode");
            }
            if (await _users.FindByNameOrEmailAsync(name, cancellationToken) is not null)
            {
                throw new AccountException($"The user name '{name}' is taken; choose another.", "UserName");
            }
            invitationHash = Hash(invitationCode.Trim());
            role = await _invitations.TryUseAsync(invitationHash, _time.GetUtcNow(), cancellationToken)
                ?? throw new AccountException("That invitation code is not valid: it is wrong, used up or expired.", "InvitationCode");
        }
        try
        {
            var user = await CreateAsync(name, displayName, mail, password, role, cancellationToken);
            await _audit.RecordAsync(user.UserName, AuditKinds.SignUp, user.Id, Roles.Name(role), cancellationToken);
            return user;
        }
        catch (AccountException) when (invitationHash is not null)
        {
            await _invitations.ReleaseAsync(invitationHash, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Creates an account with the given role; for sign-up, the setup link and the bootstrap admin.</summary>
    /// <exception cref="AccountException">A field is invalid or the name is taken.</exception>
    public async Task<UserAccount> CreateAsync(string userName, string? displayName, string? email, string password, AccountRole role, CancellationToken cancellationToken)
    {
        var name = ValidateUserName(userName);
        var mail = ValidateEmail(email);
        ValidatePassword(password, name);
        var shown = string.IsNullOrWhiteSpace(displayName) ? name : displayName.Trim();
        if (shown.Length > 64)
        {
            throw new AccountException("The display name may have at most 64 characters.", "DisplayName");
        }
        var user = new UserAccount(Guid.NewGuid().ToString("n"), name, mail, shown, "", role, 0, null, NewStamp(), _time.GetUtcNow(), null);
        user = user with { PasswordHash = _hasher.HashPassword(user, password) };
        try
        {
            await _users.CreateAsync(user, cancellationToken);
        }
        catch (DuplicateUserException)
        {
            throw new AccountException(mail is null
                ? $"The user name '{name}' is taken; choose another."
                : $"The user name '{name}' or the e-mail address '{mail}' is already in use.", "UserName");
        }
        return user;
    }

    /// <summary>
    /// Checks a password. Wrong passwords count towards the lockout; a locked account is refused without
    /// looking at the password. Unknown names take as long as known ones.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string nameOrEmail, string password, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var user = string.IsNullOrWhiteSpace(nameOrEmail) ? null : await _users.FindByNameOrEmailAsync(nameOrEmail, cancellationToken);
        if (user is null || password is null || password.Length > MaxPasswordLength)
        {
            _hasher.VerifyHashedPassword(null!, _dummyHash.Value, password ?? "");
            await _audit.RecordAsync(null, AuditKinds.SignInFailed, null, $"unknown account '{Truncate(nameOrEmail)}'", cancellationToken);
            return new SignInResult(null, null);
        }
        if (user.IsLockedOut(now))
        {
            await _audit.RecordAsync(user.UserName, AuditKinds.SignInFailed, user.Id, "locked", cancellationToken);
            return new SignInResult(null, user.LockedUntil);
        }
        var verdict = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var after = await _users.RecordFailedSignInAsync(user.Id, _options.MaxFailedSignIns, now + _options.LockoutDuration, cancellationToken);
            var locked = after is not null && after.IsLockedOut(now) && !user.IsLockedOut(now);
            await _audit.RecordAsync(user.UserName, AuditKinds.SignInFailed, user.Id, locked ? "wrong password; account locked" : "wrong password", cancellationToken);
            return new SignInResult(null, locked ? after!.LockedUntil : null);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await _users.SetPasswordAsync(user.Id, _hasher.HashPassword(user, password), user.SecurityStamp, cancellationToken);
        }
        await _users.RecordSignInAsync(user.Id, now, cancellationToken);
        await _audit.RecordAsync(user.UserName, AuditKinds.SignIn, user.Id, null, cancellationToken);
        return new SignInResult(user with { FailedSignIns = 0, LockedUntil = null, LastSignInAt = now }, null);
    }

    /// <summary>Changes the password after checking the current one; returns the account with its new stamp.</summary>
    /// <exception cref="AccountException">The current password is wrong or the new one is not acceptable.</exception>
    public async Task<UserAccount> ChangePasswordAsync(string userId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var user = await _users.FindByIdAsync(userId, cancellationToken) ?? throw new AccountException("This account no longer exists.");
        if (currentPassword is null || currentPassword.Length > MaxPasswordLength
            || _hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            throw new AccountException("The current password is wrong.", "CurrentPassword");
        }
        ValidatePassword(newPassword, user.UserName, "NewPassword");
        var changed = user with { SecurityStamp = NewStamp() };
        changed = changed with { PasswordHash = _hasher.HashPassword(changed, newPassword) };
        await _users.SetPasswordAsync(user.Id, changed.PasswordHash, changed.SecurityStamp, cancellationToken);
        await _audit.RecordAsync(user.UserName, AuditKinds.PasswordChanged, user.Id, null, cancellationToken);
        return changed;
    }

    /// <summary>Sets an account's role on an admin's behalf.</summary>
    /// <exception cref="AccountException">No such account, or it is the last admin.</exception>
    public async Task SetRoleAsync(string adminUserName, string userId, AccountRole role, CancellationToken cancellationToken)
    {
        var user = await _users.FindByIdAsync(userId, cancellationToken) ?? throw new AccountException("There is no such account.");
        if (user.Role == role)
        {
            return;
        }
        if (!await _users.SetRoleAsync(userId, role, cancellationToken))
        {
            throw new AccountException($"{user.UserName} is the only admin; make another account admin first.");
        }
        await _audit.RecordAsync(adminUserName, AuditKinds.RoleChanged, user.UserName, $"{Roles.Name(user.Role)} -> {Roles.Name(role)}", cancellationToken);
    }

    /// <summary>Creates an invitation code for <paramref name="maxUses"/> sign-ups with the role; returns the code (shown once).</summary>
    public async Task<string> CreateInvitationAsync(string adminUserName, AccountRole role, int maxUses, CancellationToken cancellationToken)
    {
        if (maxUses is < 1 or > 1000)
        {
            throw new AccountException("An invitation is for 1 to 1000 sign-ups.", "MaxUses");
        }
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var now = _time.GetUtcNow();
        await _invitations.CreateAsync(Hash(code), role, adminUserName, now, now + _options.InvitationLifetime, maxUses, cancellationToken);
        await _audit.RecordAsync(adminUserName, AuditKinds.InvitationCreated, Roles.Name(role), $"{maxUses} use(s)", cancellationToken);
        return code;
    }

    /// <summary>SHA-256 of a secret, hex: how codes and tokens are stored.</summary>
    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The normalised user name, or an exception saying what is wrong with it.</summary>
    public static string ValidateUserName(string? userName)
    {
        var name = UserStore.Normalize(userName ?? "");
        if (!NetAcademy.Core.Ids.UserName.IsValid(name))
        {
            throw new AccountException("A user name has 3 to 32 characters: letters, digits, '.', '_' or '-', starting with a letter or digit.", "UserName");
        }
        if (name.StartsWith(GuestIdentity.Prefix, StringComparison.Ordinal))
        {
            throw new AccountException($"User names starting with '{GuestIdentity.Prefix}' are reserved for guests.", "UserName");
        }
        return name;
    }

    private static string? ValidateEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }
        var mail = UserStore.Normalize(email);
        if (mail.Length > 254 || !EmailPattern().IsMatch(mail))
        {
            throw new AccountException("That does not look like an e-mail address.", "Email");
        }
        return mail;
    }

    /// <summary>Throws when the password is not acceptable for that user name.</summary>
    /// <exception cref="AccountException">Too short, too long, or contains the user name.</exception>
    public void ValidatePassword(string? password, string userName, string field = "Password")
    {
        if (password is null || password.Length < _options.MinPasswordLength)
        {
            throw new AccountException($"The password needs at least {_options.MinPasswordLength} characters.", field);
        }
        if (password.Length > MaxPasswordLength)
        {
            throw new AccountException($"The password may have at most {MaxPasswordLength} characters.", field);
        }
        if (password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            throw new AccountException("The password must not contain the user name.", field);
        }
    }

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private static string Truncate(string? value) => value is null ? "" : value.Length > 64 ? value[..64] : value;

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
