using System.CommandLine;
using Microsoft.Data.Sqlite;

namespace NetAcademy.Cli.Commands;

/// <summary>
/// <c>netacademy backup --data DIR --out FILE</c>: a consistent copy of the platform's SQLite database,
/// safe while the server runs (SQLite's online backup API copies one snapshot). For PostgreSQL use pg_dump.
/// </summary>
public static class BackupCommand
{
    /// <summary>File name of the database inside the data directory (the web app's Database:SqliteFileName default).</summary>
    public const string DatabaseFileName = "netacademy.db";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The server's data directory (NetAcademy:DataDirectory), holding netacademy.db.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The backup file to write; it must not exist yet.", Required = true };
        var command = new Command("backup", "Copy the SQLite database consistently, also while the server runs.") { data, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = Path.Combine(parse.GetValue(data)!.FullName, DatabaseFileName);
            var target = parse.GetValue(output)!.FullName;
            try
            {
                var (bytes, version) = await BackupAsync(source, target, cancellationToken);
                Console.WriteLine($"Backed up {source} to {target}: {bytes} bytes, schema version {version}.");
                return 0;
            }
            catch (BackupException ex)
            {
                await Console.Error.WriteLineAsync($"netacademy backup: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Copies the database at <paramref name="source"/> into the new file <paramref name="target"/> and checks the copy.</summary>
    /// <returns>The copy's size and schema version.</returns>
    /// <exception cref="BackupException">No database there, the target exists, or the copy is not sound.</exception>
    public static async Task<(long Bytes, long SchemaVersion)> BackupAsync(string source, string target, CancellationToken cancellationToken)
    {
        if (!File.Exists(source))
        {
            throw new BackupException($"there is no database at {source}; is --data the server's data directory?");
        }
        if (File.Exists(target))
        {
            throw new BackupException($"{target} exists already; choose a new file name.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Written beside the target and renamed at the end, so a half-written backup never has the final name.
        var partial = target + ".partial";
        File.Delete(partial);
        try
        {
            await using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly }.ToString()))
            await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await from.OpenAsync(cancellationToken);
                await to.OpenAsync(cancellationToken);
                from.BackupDatabase(to);
                await using var check = to.CreateCommand();
                // The copy inherits the server's WAL mode; a backup is better as one self-contained file.
                check.CommandText = "PRAGMA journal_mode=DELETE;";
                await check.ExecuteNonQueryAsync(cancellationToken);
                check.CommandText = "PRAGMA integrity_check;";
                var verdict = (string?)await check.ExecuteScalarAsync(cancellationToken);
                if (verdict != "ok")
                {
                    throw new BackupException($"the copy failed SQLite's integrity check: {verdict}");
                }
                check.CommandText = "SELECT MAX(version) FROM schema_version;";
                var version = await check.ExecuteScalarAsync(cancellationToken) is long v ? v : 0;
                await to.CloseAsync();
                File.Move(partial, target);
                return (new FileInfo(target).Length, version);
            }
        }
        catch (SqliteException ex)
        {
            throw new BackupException($"SQLite refused: {ex.Message}");
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
