using Dapper;
using Microsoft.Data.Sqlite;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Data;

/// <summary><c>netacademy backup</c> run as a process against the database of a running server.</summary>
public sealed class BackupCommandTests
{
    [Fact]
    public async Task Backup_WhileServerRuns_CopyHasTheAccountsAndIsSelfContained()
    {
        var data = Directory.CreateTempSubdirectory("netacademy-backup-").FullName;
        var output = Path.Combine(data, "backups", "copy.db");
        try
        {
            await using (var app = new NetAcademyAppFactory(data, new Dictionary<string, string?> { ["Accounts:SignUp"] = "Open" }))
            {
                using var client = app.CreateBrowser();
                await client.SignUpAsync("ada", "a long enough password");

                var (code, text) = await RunCliAsync("backup", "--data", data, "--out", output);
                Assert.True(code == 0, text);
                Assert.Contains($"schema version {NetAcademy.Web.Data.Migrations.SchemaMigrations.All[^1].Version}.", text);

                var (again, refusal) = await RunCliAsync("backup", "--data", data, "--out", output);
                Assert.Equal(1, again);
                Assert.Contains("exists already", refusal);
            }
            Assert.False(File.Exists(output + "-wal"));
            await using var copy = new SqliteConnection($"Data Source={output};Mode=ReadOnly;Pooling=False");
            await copy.OpenAsync();
            Assert.Equal("ada", await copy.ExecuteScalarAsync<string>("SELECT user_name FROM users;"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Backup_NoDatabaseInDataDirectory_FailsWithReason()
    {
        var data = Directory.CreateTempSubdirectory("netacademy-backup-empty-").FullName;
        try
        {
            var (code, text) = await RunCliAsync("backup", "--data", data, "--out", Path.Combine(data, "copy.db"));

            Assert.Equal(1, code);
            Assert.Contains("there is no database", text);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static Task<(int Code, string Output)> RunCliAsync(params string[] args) =>
        NetAcademy.Testing.Server.CliProcess.RunAsync(TimeSpan.FromSeconds(60), args);
}
