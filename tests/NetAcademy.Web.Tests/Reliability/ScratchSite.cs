using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Reliability;

/// <summary>
/// The real app over a content tree made for the test in a temp folder: a good course, a course whose
/// course.yaml is broken, a course with one broken lesson beside a good one, a lesson full of script
/// attempts, an image and a secret file outside the course folder. Data (SQLite) in its own temp folder.
/// </summary>
public sealed class ScratchSite : IAsyncLifetime
{
    /// <summary>Password of every account made here.</summary>
    public const string Password = "a long enough password";

    /// <summary>Text only the file outside the content folders holds.</summary>
    public const string SecretText = "host-secret-do-not-serve";

    private readonly string _root = Directory.CreateTempSubdirectory("netacademy-web-reliability-").FullName;

    /// <summary>The app.</summary>
    public NetAcademyAppFactory App { get; private set; } = null!;

    /// <summary>The folder a course may not reach.</summary>
    public string Outside => Path.Combine(_root, "outside");

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        var content = Path.Combine(_root, "content");
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret.png"), SecretText);
        Course(content, "good-course", "Good course", ("welcome", Lesson("Welcome aboard", "Hello from the good course.\n\n![diagram](images/diagram.svg)")),
            ("xss", Lesson("<script>alert('title')</script> Safe title", XssBody)));
        Directory.CreateDirectory(Path.Combine(content, "good-course", "images"));
        File.WriteAllText(Path.Combine(content, "good-course", "images", "diagram.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        File.CreateSymbolicLink(Path.Combine(content, "good-course", "images", "linked.png"), Path.Combine(Outside, "secret.png"));
        Course(content, "half-broken", "Half broken", ("fine", Lesson("Fine lesson", "Still here.")), ("broken", "---\ntitle: [unclosed\n---\nbody\n"),
            ("scheme", Lesson("Scheme", "[click](javascript:alert(1))")));
        Directory.CreateDirectory(Path.Combine(content, "broken-course"));
        File.WriteAllText(Path.Combine(content, "broken-course", "course.yaml"), "title: Broken\nmodules: [{id: m, title: M, lessons: [a]\n");
        var labs = Path.Combine(_root, "labs");
        Directory.CreateDirectory(labs);
        App = new NetAcademyAppFactory(Path.Combine(_root, "data"), new Dictionary<string, string?>
        {
            ["Content:ContentRoot"] = content,
            ["Content:LabsRoot"] = labs,
            ["Content:ImagesRoot"] = labs,
            ["Content:WatchForChanges"] = "false",
            ["Accounts:FormPostsPerMinute"] = "100000",
            // Visitors sign up through the form; the default is by invitation.
            ["Accounts:SignUp"] = "Open",
        });
        return Task.CompletedTask;
    }

    /// <summary>Raw HTML, event attributes and script URLs in every place Markdown allows them.</summary>
    public const string XssBody = """
        <script>alert('block')</script>

        Inline <script>alert('inline')</script> and <img src=x onerror="alert('img')"> and <a href="#" onclick="alert('a')">x</a>.

        <div onmouseover="alert('div')">hover</div>

        <svg onload=alert('svg')></svg>

        <iframe src="javascript:alert('frame')"></iframe>

        `<script>alert('code')</script>` is shown as code.

        [a safe link](https://example.org/ "t")
        """;

    /// <summary>A lesson with front matter.</summary>
    public static string Lesson(string title, string body) => $"---\ntitle: \"{title.Replace("\"", "\\\"", StringComparison.Ordinal)}\"\nsummary: s\n---\n{body}\n";

    private static void Course(string content, string id, string title, params (string Id, string Text)[] lessons)
    {
        var folder = Path.Combine(content, id);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "course.yaml"),
            $"title: {title}\nmodules:\n  - id: m\n    title: M\n    lessons: [{string.Join(", ", lessons.Select(l => l.Id))}]\n");
        foreach (var (lesson, text) in lessons)
        {
            File.WriteAllText(Path.Combine(folder, lesson + ".md"), text);
        }
    }

    /// <summary>A signed-in client for a new account with the role.</summary>
    public async Task<HttpClient> SignedInAsync(string userName, NetAcademy.Web.Accounts.AccountRole? role = null)
    {
        var client = App.CreateBrowser();
        await client.SignUpAsync(userName, Password);
        if (role is null)
        {
            return client;
        }
        var users = App.Services.GetRequiredService<UserStore>();
        var account = await users.FindByNameOrEmailAsync(userName, CancellationToken.None);
        Assert.True(await users.SetRoleAsync(account!.Id, role.Value, CancellationToken.None));
        client.Dispose();
        var fresh = App.CreateBrowser();
        using var signedIn = await fresh.SignInAsync(userName, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return fresh;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
