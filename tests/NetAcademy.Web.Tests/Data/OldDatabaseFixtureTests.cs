using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Audit;
using NetAcademy.Web.Data;
using NetAcademy.Web.Data.Migrations;
using NetAcademy.Web.Grading;

namespace NetAcademy.Web.Tests.Data;

/// <summary>
/// A database file the old data layer wrote (Fixtures/netacademy-schema1.db: schema 1, SQLite 3.35.5, see
/// Fixtures/README.md) opens, migrates and keeps its data with the current packages and code.
/// </summary>
public sealed class OldDatabaseFixtureTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netacademy-old-db-").FullName;
    private Database _database = null!;

    public Task InitializeAsync()
    {
        // A copy: the committed file must never change.
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "netacademy-schema1.db"), Path.Combine(_folder, "netacademy.db"));
        _database = Database.Create(new DatabaseOptions { Provider = "sqlite" }, _folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task MigrateAsync_Schema1FileFromTheOldCode_AppliesTheNewMigrationsAndKeepsEveryRow()
    {
        var migrator = new SchemaMigrator(_database, NullLogger<SchemaMigrator>.Instance);

        var applied = await migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(SchemaMigrations.All.Count(m => m.Version > 1), applied);
        Assert.Equal(SchemaMigrations.All.Select(m => m.Version), await migrator.AppliedVersionsAsync(CancellationToken.None));
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check;"));
        Assert.Empty(await connection.QueryAsync("PRAGMA foreign_key_check;"));

        var users = new UserStore(_database);
        var list = await users.ListAsync(CancellationToken.None);
        Assert.Equal(["ada", "grace"], list.Select(u => u.UserName).Order());
        var ada = list.Single(u => u.UserName == "ada");
        Assert.Equal(AccountRole.Learner, ada.Role);
        Assert.Equal("Ada Lovelace", ada.DisplayName);
        Assert.Equal("ada@example.org", ada.Email);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero), ada.CreatedAt);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 9, 1, 0, TimeSpan.Zero), ada.LastSignInAt);
        Assert.Equal(AccountRole.Admin, list.Single(u => u.UserName == "grace").Role);

        var progress = new ProgressStore(_database, TimeProvider.System);
        var veth = await progress.GetProgressAsync("ada", new LabId("veth-pairs"), CancellationToken.None);
        var makePair = veth.Single(p => p.TaskId == new TaskId("make-pair"));
        Assert.Equal((2, true, true, 10), (makePair.Attempts, makePair.Passed, makePair.LastPassed, makePair.Score));
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 9, 4, 0, TimeSpan.Zero), makePair.FirstPassAt);
        var ping = veth.Single(p => p.TaskId == new TaskId("ping"));
        Assert.Equal((1, true, 5), (ping.Attempts, ping.Passed, ping.Score));
        Assert.Equal([new CourseId("linux-networking")], await progress.GetEnrollmentsAsync(ada.Id, CancellationToken.None));

        var session = Assert.Single(await new SessionHistory(_database).ListAsync("ada", 10, CancellationToken.None));
        Assert.Equal(("s-0001", "veth-pairs", "stopped", "by the learner"), (session.Id, session.LabId, session.EndState, session.EndReason));

        var audit = new AuditLog(_database, TimeProvider.System, NullLogger<AuditLog>.Instance);
        var kinds = (await audit.QueryAsync(null, null, 100, CancellationToken.None)).Select(e => e.Kind).Order();
        Assert.Equal([AuditKinds.InvitationCreated, AuditKinds.SignIn, AuditKinds.SignUp], kinds);
    }

    [Fact]
    public async Task SignInAsync_AfterMigratingTheOldFile_AcceptsThePasswordsItWasWrittenWith()
    {
        await new SchemaMigrator(_database, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var audit = new AuditLog(_database, TimeProvider.System, NullLogger<AuditLog>.Instance);
        var accounts = new AccountService(new UserStore(_database), new InvitationStore(_database), audit, Options.Create(new AccountsOptions()), TimeProvider.System);

        var ada = await accounts.SignInAsync("ada@example.org", "learner-fixture-password", CancellationToken.None);
        var grace = await accounts.SignInAsync("grace", "admin-fixture-password", CancellationToken.None);
        var wrong = await accounts.SignInAsync("ada", "not-the-password", CancellationToken.None);

        Assert.True(ada.Succeeded);
        Assert.Equal(AccountRole.Admin, grace.User?.Role);
        Assert.False(wrong.Succeeded);
    }

    [Fact]
    public async Task SqliteVersion_AfterTheUpgrade_IsTheCurrentBundleNotThe2021One()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);

        var version = Version.Parse(await connection.ExecuteScalarAsync<string>("SELECT sqlite_version();") ?? "0.0");

        // The old bundle (SQLitePCLRaw 2.0.6) reported 3.35.5; the fixture was written by it.
        Assert.True(version >= new Version(3, 50), $"sqlite_version() is {version}");
    }
}
