using Dapper;
using NetAcademy.Web.Data;

namespace NetAcademy.Web.Accounts;

/// <summary>One-time tokens of the first-admin link. Stored hashed; each works once and expires.</summary>
public sealed class SetupTokenStore
{
    private readonly Database _database;

    /// <summary>Creates the store.</summary>
    public SetupTokenStore(Database database) => _database = database;

    /// <summary>Stores a new token and drops the unused ones before it: only the newest link works.</summary>
    public async Task ReplaceAsync(string tokenHash, DateTimeOffset createdAt, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM setup_tokens WHERE used_at IS NULL;", transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO setup_tokens (token_hash, created_at, expires_at, used_at) VALUES (@Hash, @CreatedAt, @ExpiresAt, NULL);",
            new { Hash = tokenHash, CreatedAt = DbTime.From(createdAt), ExpiresAt = DbTime.From(expiresAt) }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Whether the token is unused and not expired.</summary>
    public async Task<bool> IsValidAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM setup_tokens WHERE token_hash = @Hash AND used_at IS NULL AND expires_at > @Now;",
            new { Hash = tokenHash, Now = DbTime.From(now) }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Marks the token used; true only for the one caller that used a valid token.</summary>
    public async Task<bool> TryConsumeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE setup_tokens SET used_at = @Now WHERE token_hash = @Hash AND used_at IS NULL AND expires_at > @Now;",
            new { Hash = tokenHash, Now = DbTime.From(now) }, cancellationToken: cancellationToken)) == 1;
    }
}
