using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using NetAcademy.Web.Data.Migrations;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Data;

public sealed class SchemaMigratorTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MigrateAsync_RunTwice_SecondRunChangesNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var migrator = new SchemaMigrator(db.Database, NullLogger<SchemaMigrator>.Instance);

        var first = await migrator.MigrateAsync(CancellationToken.None);
        var second = await migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(SchemaMigrations.All.Count, first);
        Assert.Equal(0, second);
        Assert.Equal(SchemaMigrations.All.Select(m => m.Version), await migrator.AppliedVersionsAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MigrateAsync_LaterMigrationFails_RollsBackTheWholeRun(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var migrations = new List<Migration>(SchemaMigrations.All)
        {
            new(100, "good part", "CREATE TABLE probe_table (id TEXT PRIMARY KEY);"),
            new(101, "broken", "CREATE TABLE broken (id TEXT PRIMARY KEY; -- syntax error"),
        };
        var migrator = new SchemaMigrator(db.Database, NullLogger<SchemaMigrator>.Instance, migrations);

        var ex = await Assert.ThrowsAsync<SchemaVersionException>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("101", ex.Message);
        await using var connection = await db.Database.OpenAsync(CancellationToken.None);
        // Neither schema_version nor the tables of the earlier migrations survived the failed run.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe_table;"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users;"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MigrateAsync_DatabaseNewerThanServer_RefusesWithReason(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        await using (var connection = await db.Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'from the future', 0);");
        }
        var migrator = new SchemaMigrator(db.Database, NullLogger<SchemaMigrator>.Instance);

        var ex = await Assert.ThrowsAsync<SchemaVersionException>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("999", ex.Message);
    }
}
