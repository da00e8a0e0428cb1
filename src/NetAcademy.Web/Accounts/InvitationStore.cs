using Dapper;
using NetAcademy.Web.Data;

namespace NetAcademy.Web.Accounts;

/// <summary>
/// Invitation codes for sign-up. Only a hash of each code is stored, so a copy of the database does not
/// hand out working codes.
/// </summary>
public sealed class InvitationStore
{
    private readonly Database _database;

    /// <summary>Creates the store.</summary>
    public InvitationStore(Database database) => _database = database;

    /// <summary>Stores an invitation under the hash of its code.</summary>
    public async Task CreateAsync(string codeHash, AccountRole role, string? createdBy, DateTimeOffset createdAt, DateTimeOffset expiresAt, int maxUses, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO invitations (code_hash, role, created_by, created_at, expires_at, max_uses, uses)
            VALUES (@Hash, @Role, @By, @CreatedAt, @ExpiresAt, @MaxUses, 0);
            """, new { Hash = codeHash, Role = Roles.Name(role), By = createdBy, CreatedAt = DbTime.From(createdAt), ExpiresAt = DbTime.From(expiresAt), MaxUses = maxUses },
            cancellationToken: cancellationToken));
    }

    /// <summary>Uses the invitation once if it is still valid; returns the role it grants, or null.</summary>
    public async Task<AccountRole?> TryUseAsync(string codeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var role = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition("""
            UPDATE invitations SET uses = uses + 1
            WHERE code_hash = @Hash AND uses < max_uses AND expires_at > @Now
            RETURNING role;
            """, new { Hash = codeHash, Now = DbTime.From(now) }, cancellationToken: cancellationToken));
        return role is null ? null : Roles.Parse(role);
    }

    /// <summary>Gives back a use taken by <see cref="TryUseAsync"/> when the sign-up then failed.</summary>
    public async Task ReleaseAsync(string codeHash, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE invitations SET uses = uses - 1 WHERE code_hash = @Hash AND uses > 0;", new { Hash = codeHash }, cancellationToken: cancellationToken));
    }
}
