using System.Data.Common;
using Dapper;
using NetAcademy.Web.Data;

namespace NetAcademy.Web.Accounts;

/// <summary>Accounts: create, find, list, sign-in bookkeeping (failures, lockout), password and role changes.</summary>
public sealed class UserStore
{
    private const string Columns = """
        id AS Id, user_name AS UserName, email AS Email, display_name AS DisplayName, password_hash AS PasswordHash,
        role AS Role, failed_sign_ins AS FailedSignIns, locked_until AS LockedUntil, security_stamp AS SecurityStamp,
        created_at AS CreatedAt, last_sign_in_at AS LastSignInAt
        """;

    private readonly Database _database;

    /// <summary>Creates the store.</summary>
    public UserStore(Database database) => _database = database;

    /// <summary>Normalises a user name or e-mail address for storage and lookup.</summary>
    public static string Normalize(string value) => value.Trim().ToLowerInvariant();

    /// <summary>Stores a new account.</summary>
    /// <exception cref="DuplicateUserException">The user name or e-mail address is taken.</exception>
    public async Task CreateAsync(UserAccount user, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO users (id, user_name, email, display_name, password_hash, role, failed_sign_ins, locked_until, security_stamp, created_at, last_sign_in_at)
                VALUES (@Id, @UserName, @Email, @DisplayName, @PasswordHash, @Role, @FailedSignIns, @LockedUntil, @SecurityStamp, @CreatedAt, @LastSignInAt);
                """, ToRow(user), cancellationToken: cancellationToken));
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new DuplicateUserException($"An account with the user name '{user.UserName}'{(user.Email is null ? "" : $" or the e-mail address '{user.Email}'")} already exists.", ex);
        }
    }

    /// <summary>The account with that id, if any.</summary>
    public Task<UserAccount?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        FindAsync("id = @Value", id, cancellationToken);

    /// <summary>The account with that user name or e-mail address (case-insensitive), if any.</summary>
    public Task<UserAccount?> FindByNameOrEmailAsync(string nameOrEmail, CancellationToken cancellationToken) =>
        FindAsync("user_name = @Value OR email = @Value", Normalize(nameOrEmail), cancellationToken);

    private async Task<UserAccount?> FindAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE {where};", new { Value = value }, cancellationToken: cancellationToken));
        return row?.ToAccount();
    }

    /// <summary>Every account, by user name.</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition($"SELECT {Columns} FROM users ORDER BY user_name;", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToAccount()).ToList();
    }

    /// <summary>How many accounts have the role.</summary>
    public async Task<int> CountAsync(AccountRole role, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM users WHERE role = @Role;", new { Role = Roles.Name(role) }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Counts a wrong password. At <paramref name="maxFailures"/> the account locks until
    /// <paramref name="lockUntil"/> and the count starts again. Returns the account after the change.
    /// </summary>
    public async Task<UserAccount?> RecordFailedSignInAsync(string id, int maxFailures, DateTimeOffset lockUntil, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        // One statement, so concurrent wrong guesses cannot slip past the limit.
        var row = await connection.QueryFirstOrDefaultAsync<UserRow>(new CommandDefinition($"""
            UPDATE users SET
                locked_until = CASE WHEN failed_sign_ins + 1 >= @Max THEN @LockUntil ELSE locked_until END,
                failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= @Max THEN 0 ELSE failed_sign_ins + 1 END
            WHERE id = @Id
            RETURNING {Columns};
            """, new { Id = id, Max = maxFailures, LockUntil = DbTime.From(lockUntil) }, cancellationToken: cancellationToken));
        return row?.ToAccount();
    }

    /// <summary>Clears failures and lockout after a successful sign-in.</summary>
    public async Task RecordSignInAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = @At WHERE id = @Id;",
            new { Id = id, At = DbTime.From(at) }, cancellationToken: cancellationToken));
    }

    /// <summary>Replaces the password hash and the security stamp (which signs the account out elsewhere).</summary>
    public async Task<bool> SetPasswordAsync(string id, string passwordHash, string securityStamp, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @Hash, security_stamp = @Stamp, failed_sign_ins = 0, locked_until = NULL WHERE id = @Id;",
            new { Id = id, Hash = passwordHash, Stamp = securityStamp }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Sets the account's role. Refuses (returns false) to take the role from the last admin, so the
    /// platform always keeps someone who can manage it; also false when there is no such account.
    /// </summary>
    public async Task<bool> SetRoleAsync(string id, AccountRole role, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE users SET role = @Role
            WHERE id = @Id AND (@Role = 'admin' OR role <> 'admin' OR (SELECT COUNT(*) FROM users WHERE role = 'admin') > 1);
            """, new { Id = id, Role = Roles.Name(role) }, cancellationToken: cancellationToken)) == 1;
    }

    private static object ToRow(UserAccount u) => new
    {
        u.Id, u.UserName, u.Email, u.DisplayName, u.PasswordHash, Role = Roles.Name(u.Role), u.FailedSignIns,
        LockedUntil = DbTime.From(u.LockedUntil), u.SecurityStamp, CreatedAt = DbTime.From(u.CreatedAt), LastSignInAt = DbTime.From(u.LastSignInAt),
    };

    private sealed class UserRow
    {
        public string Id { get; init; } = "";
        public string UserName { get; init; } = "";
        public string? Email { get; init; }
        public string DisplayName { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public string Role { get; init; } = "";
        public int FailedSignIns { get; init; }
        public long? LockedUntil { get; init; }
        public string SecurityStamp { get; init; } = "";
        public long CreatedAt { get; init; }
        public long? LastSignInAt { get; init; }

        public UserAccount ToAccount() => new(Id, UserName, Email, DisplayName, PasswordHash, Roles.Parse(Role), FailedSignIns,
            DbTime.To(LockedUntil), SecurityStamp, DbTime.To(CreatedAt), DbTime.To(LastSignInAt));
    }
}
