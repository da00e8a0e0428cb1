using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;

namespace NetAcademy.E2E.Sandbox;

/// <summary>
/// A server over a copy of the workspace fixtures in which <see cref="Teacher"/> is the instructor of the
/// workspace-fixtures course (the two-nodes lab's course) and <see cref="Outsider"/> the instructor of another course
/// that has no lesson on that lab. The copied two-nodes lab gets a task, so there is something to Check. Subclasses
/// add settings through <see cref="MoreSettings"/>.
/// </summary>
public class CourseStaffFixture : BrowserFixture
{
    /// <summary>Instructor of <see cref="Course"/>.</summary>
    public const string Teacher = "staff-teacher";

    /// <summary>Instructor of another course only.</summary>
    public const string Outsider = "staff-outsider";

    /// <summary>The course whose lesson starts the two-nodes lab.</summary>
    public const string Course = "workspace-fixtures";

    /// <summary>The lesson with the two-nodes lab.</summary>
    public const string Lesson = "two-nodes";

    /// <summary>The task added to the two-nodes lab: /tmp/done exists on alpha.</summary>
    public const string Task = "make-done";

    private readonly string _root = Directory.CreateTempSubdirectory("netacademy-e2e-staff-").FullName;
    private readonly SemaphoreSlim _accountsGate = new(1, 1);
    private readonly Dictionary<string, IPage> _accounts = new(StringComparer.Ordinal);

    /// <summary>Lays out the content the server will read.</summary>
    public CourseStaffFixture()
    {
        var fixtures = Path.Combine(RepositoryPaths.Root, "tests", "NetAcademy.E2E", "Fixtures");
        Copy(Path.Combine(fixtures, "content"), Path.Combine(_root, "content"));
        Copy(Path.Combine(fixtures, "labs"), Path.Combine(_root, "labs"));
        File.AppendAllText(Path.Combine(_root, "content", Course, "course.yaml"), $"instructors: [{Teacher}]\n");
        File.AppendAllText(Path.Combine(_root, "labs", "two-nodes", "lab.yaml"), $"""

            tasks:
              - id: {Task}
                title: Create /tmp/done on alpha
                checks:
                  - kind: command
                    node: alpha
                    argv: [test, -e, /tmp/done]
                    fail_message: There is no /tmp/done on alpha yet; create it with `touch /tmp/done`.

            """);
        var other = Path.Combine(_root, "content", "other-course");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "course.yaml"), $"""
            title: Another course
            instructors: [{Outsider}]
            modules:
              - id: reading
                title: Reading
                lessons: [reading]

            """);
        File.WriteAllText(Path.Combine(other, "reading.md"), "---\ntitle: Reading only\n---\n\n# Reading only\n\nNo lab here.\n");
    }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> ServerSettings => new Dictionary<string, string>(MoreSettings)
    {
        ["Content__ContentRoot"] = Path.Combine(_root, "content"),
        ["Content__LabsRoot"] = Path.Combine(_root, "labs"),
        ["Content__ImagesRoot"] = Path.Combine(RepositoryPaths.Root, "deploy", "images"),
    };

    /// <summary>Settings a subclass adds (environment variable names); none here.</summary>
    protected virtual IReadOnlyDictionary<string, string> MoreSettings { get; } = new Dictionary<string, string>();

    /// <summary>A page signed in as <paramref name="userName"/> with <paramref name="role"/>; the account is made on first use.</summary>
    public async Task<IPage> AccountAsync(string userName, string role)
    {
        await _accountsGate.WaitAsync();
        try
        {
            if (!_accounts.TryGetValue(userName, out var page))
            {
                page = await NewSignedInPageAsync(role, userName);
                _accounts[userName] = page;
            }
            return page;
        }
        finally
        {
            _accountsGate.Release();
        }
    }

    /// <summary>The lab.observation audit events written for <paramref name="observer"/>, read from the server's SQLite file.</summary>
    public async Task<IReadOnlyList<(string Subject, string Detail)>> ObservationEventsAsync(string observer)
    {
        SQLitePCL.Batteries_V2.Init();
        var file = Path.Combine(Server.DataDirectory, "netacademy.db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT subject, detail FROM audit_events WHERE user_name = $user AND kind = 'lab.observation' ORDER BY id;";
        command.Parameters.AddWithValue("$user", observer);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            events.Add((reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1)));
        }
        return events;
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
