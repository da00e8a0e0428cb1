using Dapper;
using NetAcademy.Web.Data;

namespace NetAcademy.Web.Accounts;

/// <summary>
/// The guest places in use (Accounts:AllowGuests): one row per guest that started a lab, until it expires. Only the
/// count matters; guests have no account.
/// </summary>
public sealed class GuestStore
{
    private readonly Database _database;

    /// <summary>Creates the store.</summary>
    public GuestStore(Database database) => _database = database;

    /// <summary>
    /// Gives <paramref name="userName"/> a place until <paramref name="expiresAt"/> unless <paramref name="maxActive"/>
    /// places are in use; true when the guest has a place (also when it had one already and it has not expired).
    /// Expired places are dropped first. One transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so
    /// two servers or requests never give out more than <paramref name="maxActive"/> together.
    /// </summary>
    public async Task<bool> TryTakeAsync(string userName, DateTimeOffset createdAt, DateTimeOffset expiresAt, DateTimeOffset now, int maxActive, CancellationToken cancellationToken)
    {
        if (expiresAt <= now)
        {
            return false;
        }
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (_database.Provider == DatabaseProvider.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@Key);", new { Key = PostgresLockKey }, transaction, cancellationToken: cancellationToken));
        }
        var at = DbTime.From(now);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM guests WHERE expires_at <= @Now;", new { Now = at }, transaction, cancellationToken: cancellationToken));
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM guests WHERE user_name = @Name;", new { Name = userName }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        var active = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM guests;", transaction: transaction, cancellationToken: cancellationToken));
        if (active >= maxActive)
        {
            await transaction.CommitAsync(cancellationToken);
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO guests (user_name, created_at, expires_at) VALUES (@Name, @CreatedAt, @ExpiresAt);",
            new { Name = userName, CreatedAt = DbTime.From(createdAt), ExpiresAt = DbTime.From(expiresAt) }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>How many guest places are in use at <paramref name="now"/>.</summary>
    public async Task<int> CountActiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM guests WHERE expires_at > @Now;", new { Now = DbTime.From(now) }, cancellationToken: cancellationToken));
    }

    // Any fixed number other than the migrator's: it names the lock that serialises guest admissions.
    private const long PostgresLockKey = 0x4E41_4755_4553;
}
