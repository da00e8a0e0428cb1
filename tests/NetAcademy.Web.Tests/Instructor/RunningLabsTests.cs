using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Content.Catalog;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Labs;
using NetAcademy.Labs.Sessions;
using NetAcademy.Testing.Server;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Instructor;
using NetAcademy.Web.Tests.Grading;

namespace NetAcademy.Web.Tests.Instructor;

/// <summary>
/// "Labs running now" on the course progress page, over a real <see cref="SessionManager"/> (its runtime starts at once)
/// and the real linux-networking course taught by "ines": rows come and go with the manager's changes once the
/// component is interactive, a prerender never subscribes, another course's instructor sees nothing, and a disposed
/// component no longer listens.
/// </summary>
public sealed class RunningLabsTests : BunitContext
{
    private const string Course = "linux-networking";
    private static readonly NodeName Host1 = new("host1");
    private readonly string _content = Directory.CreateTempSubdirectory("netacademy-running-labs-").FullName;
    private readonly Lab _lab;
    private readonly SessionManager _sessions;
    private readonly ContentCatalogProvider _catalog;

    public RunningLabsTests()
    {
        var source = Path.Combine(RepositoryPaths.Root, "content", Course);
        var course = Path.Combine(_content, Course);
        Directory.CreateDirectory(course);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(course, Path.GetFileName(file)));
        }
        File.AppendAllText(Path.Combine(course, "course.yaml"), "\ninstructors: [ines]\n");
        _catalog = new ContentCatalogProvider(Options.Create(new ContentOptions
        {
            ContentRoot = _content,
            LabsRoot = Path.Combine(RepositoryPaths.Root, "labs"),
            ImagesRoot = Path.Combine(RepositoryPaths.Root, "deploy", "images"),
            WatchForChanges = false,
        }), NullLogger<ContentCatalogProvider>.Instance);
        // A lab of the course (the veth-pairs lesson's), started by a runtime that needs no engine.
        _lab = new Lab(new LabId("veth-pairs"), "Veth pairs", "", [new LabNode(Host1, "base", LabNode.DefaultCapabilities, 128, 0.5, 64,
            new Dictionary<string, string>(), new Dictionary<string, string>(), [], "host1", [])], [], [], [], LabLimits.Default, Path.GetTempPath());
        _sessions = new SessionManager(new InstantLabRuntime(new ScriptedShell()), new SingleLabDirectory(_lab), Options.Create(new LabsOptions()),
            TimeProvider.System, NullLogger<SessionManager>.Instance);
        Services.AddSingleton(_sessions);
        Services.AddSingleton(_catalog);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public async Task Interactive_LearnerStartsThenStops_RowAppearsThenGoes()
    {
        AddAuthorization().SetAuthorized("ines").SetRoles(Roles.Instructor);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var running = Render<RunningLabs>(p => p.Add(c => c.CourseId, Course));
        Assert.NotEmpty(running.FindAll("[data-role=no-running]"));
        running.WaitForAssertion(() => Assert.Equal("true", running.Find("[data-role=running-labs]").GetAttribute("data-live")));

        var session = await ReadySessionAsync("ada");

        running.WaitForAssertion(() =>
        {
            var row = running.Find($"tr[data-session='{session.Id.Value}']");
            Assert.Equal("ada", row.GetAttribute("data-user"));
            Assert.Equal("ready", row.GetAttribute("data-state"));
            Assert.Equal($"/instructor/sessions/{session.Id.Value}", row.QuerySelector("[data-role=observe]")!.GetAttribute("href"));
        });

        await _sessions.StopAsync(session, "stopped by the learner", CancellationToken.None);

        running.WaitForAssertion(() =>
        {
            Assert.Empty(running.FindAll("tr[data-session]"));
            Assert.NotEmpty(running.FindAll("[data-role=no-running]"));
        });
    }

    [Fact]
    public async Task Prerendered_ShowsTheSessionsOfNowButNeverSubscribes()
    {
        AddAuthorization().SetAuthorized("ines").SetRoles(Roles.Instructor);
        Renderer.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var before = await ReadySessionAsync("ada");
        var running = Render<RunningLabs>(p => p.Add(c => c.CourseId, Course));
        Assert.Single(running.FindAll($"tr[data-session='{before.Id.Value}']"));
        Assert.Equal("false", running.Find("[data-role=running-labs]").GetAttribute("data-live"));

        var after = await ReadySessionAsync("bob");
        await Task.Delay(200);

        // A prerender is a picture of the moment: the circuit's render is the one that follows changes.
        Assert.Empty(running.FindAll($"tr[data-session='{after.Id.Value}']"));
        Assert.Equal(0, ListenerCount());
    }

    [Fact]
    public async Task InstructorOfAnotherCourse_SeesNoRowsAndDoesNotListen()
    {
        AddAuthorization().SetAuthorized("otto").SetRoles(Roles.Instructor);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        await ReadySessionAsync("ada");

        var running = Render<RunningLabs>(p => p.Add(c => c.CourseId, Course));

        Assert.Empty(running.FindAll("tr[data-session]"));
        Assert.Equal("false", running.Find("[data-role=running-labs]").GetAttribute("data-live"));
        Assert.Equal(0, ListenerCount());
    }

    [Fact]
    public async Task Dispose_Unsubscribes()
    {
        AddAuthorization().SetAuthorized("ines").SetRoles(Roles.Instructor);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var running = Render<RunningLabs>(p => p.Add(c => c.CourseId, Course));
        running.WaitForAssertion(() => Assert.Equal("true", running.Find("[data-role=running-labs]").GetAttribute("data-live")));
        Assert.Equal(1, ListenerCount());

        await DisposeComponentsAsync();

        Assert.Equal(0, ListenerCount());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _catalog.Dispose();
            Directory.Delete(_content, recursive: true);
        }
    }

    // How many handlers the manager's SessionChanged event holds (the component's, while it listens).
    private int ListenerCount()
    {
        var field = typeof(SessionManager).GetField(nameof(SessionManager.SessionChanged), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        return ((Delegate?)field!.GetValue(_sessions))?.GetInvocationList().Length ?? 0;
    }

    private async Task<LabSession> ReadySessionAsync(string user)
    {
        var session = await _sessions.StartAsync(user, _lab.Id, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (session.State != SessionState.Ready)
        {
            await Task.Delay(10, timeout.Token);
        }
        return session;
    }
}
