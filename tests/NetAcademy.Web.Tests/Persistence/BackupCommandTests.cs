using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Persistence;

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
            await using (var app = new NetAcademyAppFactory(data))
            {
                using var client = app.CreateBrowser();
                await client.SignUpAsync("ada", "a long enough password");

                var (code, text) = await RunCliAsync("backup", "--data", data, "--out", output);
                Assert.True(code == 0, text);
                Assert.Contains("schema version 1", text);

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

    private static async Task<(int Code, string Output)> RunCliAsync(params string[] args)
    {
        // Same configuration as this test assembly (Debug by hand, Release in deploy/test.sh).
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "NetAcademy.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("NetAcademy.sln not found above the tests.");
        }
        var cli = Path.Combine(root, "src", "NetAcademy.Cli", "bin", configuration, "net10.0", "netacademy.dll");
        Assert.True(File.Exists(cli), $"The CLI is not built: {cli}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
