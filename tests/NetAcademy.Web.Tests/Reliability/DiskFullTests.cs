using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Core.Ids;
using NetAcademy.Web.Grading;
using NetAcademy.Web.Reliability;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Reliability;

/// <summary>
/// The data directory is a small tmpfs that fills up while the server runs: writes fail with a clear
/// message (503 page, typed SQLite error), pages keep being served, and once space is freed the database
/// passes integrity_check with every earlier row intact and takes writes again.
/// </summary>
[Collection(nameof(DiskFullTests))]
public sealed class DiskFullTests : IAsyncLifetime
{
    private readonly string _mount = Directory.CreateTempSubdirectory("netacademy-diskfull-").FullName;
    private NetAcademyAppFactory? _app;

    public async Task InitializeAsync()
    {
        var (code, output) = await RunAsync("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", _mount);
        Assert.True(code == 0, $"mount tmpfs failed (these tests need root): {output}");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        await RunAsync("umount", "-l", _mount);
        Directory.Delete(_mount, recursive: true);
    }

    [Fact]
    public async Task Writes_DataDirectoryFull_FailClearlyPagesServeNothingCorrupted()
    {
        var data = Path.Combine(_mount, "data");
        _app = new NetAcademyAppFactory(data, new Dictionary<string, string?> { ["Accounts:FormPostsPerMinute"] = "100000", ["Accounts:SignUp"] = "Open" });
        using (var early = _app.CreateBrowser())
        {
            await early.SignUpAsync("early-bird", ScratchSite.Password);
        }
        var progress = _app.Services.GetRequiredService<IProgressStore>();
        var lab = new LabId("veth-pairs");
        for (var i = 0; i < 20; i++)
        {
            await progress.RecordCheckAsync("early-bird", lab, new TaskId($"task-{i}"), i % 2 == 0, i * 5, $"run {i}", CancellationToken.None);
        }

        var filler = Path.Combine(_mount, "filler");
        FillDisk(filler);

        // A write through the data layer fails with the engine's typed error...
        var ex = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await progress.RecordCheckAsync("late", lab, new TaskId($"t-{i}"), true, 100, new string('m', 2000), CancellationToken.None);
            }
        });
        Assert.True(StorageFullExceptionHandler.IsStorageFull(ex), $"SQLite error {ex.SqliteErrorCode}: {ex.Message}");
        // The failed transaction's rollback deleted its journal, which gives back a few blocks: sometimes enough for
        // a small write to fit. Take them too, so the page below meets a disk that is really full.
        var refill = Path.Combine(_mount, "filler-after-rollback");
        FillDisk(refill);
        // ...a write through a page says the disk is full. Slack the engine can still use (free pages inside the
        // database file) may take a small write or two first, so new visitors sign up until one does not fit; that
        // one must be told clearly (503 with the message), never a 500.
        using var browser = _app.CreateBrowser();
        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < 20 && refused is null; attempt++)
        {
            using var visitor = _app.CreateBrowser();
            var response = await visitor.SubmitAsync("/account/signup", "signup", new Dictionary<string, string>
            {
                ["Input.UserName"] = $"too-late-{attempt}",
                ["Input.Password"] = ScratchSite.Password,
                ["Input.ConfirmPassword"] = ScratchSite.Password,
            });
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                response.Dispose();
                continue;
            }
            refused = response;
        }
        Assert.NotNull(refused);
        using (refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains(StorageFullExceptionHandler.Message, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // ...and reading pages still works.
        using var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/healthz")).StatusCode);

        File.Delete(filler);
        File.Delete(refill);

        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabaseFile(data) }.ToString()))
        {
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
        }
        var kept = await progress.GetProgressAsync("early-bird", lab, CancellationToken.None);
        Assert.Equal(20, kept.Count);
        Assert.Equal(45, kept.Single(p => p.TaskId.Value == "task-9").Score);
        await progress.RecordCheckAsync("late", lab, new TaskId("after"), true, 100, "space again", CancellationToken.None);
        using var again = _app.CreateBrowser();
        await again.SignUpAsync("after-space", ScratchSite.Password);
    }

    private static string DatabaseFile(string data) =>
        Directory.EnumerateFiles(data, "*.db").Single();

    private static void FillDisk(string path)
    {
        var block = new byte[64 * 1024];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full. Write single bytes to take the last partial block too.
        }
        try
        {
            for (var i = 0; i < block.Length; i++)
            {
                stream.WriteByte(0);
                stream.Flush();
            }
        }
        catch (IOException)
        {
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}

/// <summary>
/// Runs <see cref="DiskFullTests"/> on its own: it mounts a tmpfs and clears every SQLite connection pool of the
/// process, which must not happen under another test's feet, nor theirs under its own.
/// </summary>
[CollectionDefinition(nameof(DiskFullTests), DisableParallelization = true)]
public sealed class DiskFullCollection;
