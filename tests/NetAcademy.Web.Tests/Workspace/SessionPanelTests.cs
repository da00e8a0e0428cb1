using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Labs;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Instructor;
using NetAcademy.Web.Tests.Grading;
using NetAcademy.Web.Workspace;

namespace NetAcademy.Web.Tests.Workspace;

/// <summary>
/// The workspace's session bar as a component, over a real <see cref="SessionManager"/> (its runtime starts at once):
/// Reset and Stop ask first and do nothing until confirmed, Extend shows its limit and stops at it, and another
/// learner's session id renders nothing of that session.
/// </summary>
public sealed class SessionPanelTests : BunitContext
{
    private static readonly NodeName Host1 = new("host1");
    private readonly Lab _lab;
    private readonly SessionManager _sessions;
    private readonly LabsOptions _options = new() { ExtendBy = TimeSpan.FromMinutes(30), MaxSessionTime = TimeSpan.FromHours(3) };

    public SessionPanelTests()
    {
        _lab = new Lab(new LabId("panel-lab"), "Panel lab", "", [new LabNode(Host1, "base", LabNode.DefaultCapabilities, 128, 0.5, 64,
            new Dictionary<string, string>(), new Dictionary<string, string>(), [], "host1", [])], [], [], [], LabLimits.Default, Path.GetTempPath());
        _sessions = new SessionManager(new InstantLabRuntime(new ScriptedShell()), new SingleLabDirectory(_lab), Options.Create(_options),
            TimeProvider.System, NullLogger<SessionManager>.Instance);
        Services.AddSingleton(_sessions);
        Services.AddSingleton(Options.Create(_options));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(new ObservationTracker(new NoHubContext()));
        JSInterop.Mode = JSRuntimeMode.Loose;
        AddAuthorization().SetAuthorized("alice");
        // Rendered as on a live circuit: a prerender keeps every button disabled. Last: it builds the service provider.
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task Reset_AsksFirst_CancelKeepsTheLab_ConfirmResetsIt()
    {
        var session = await ReadySessionAsync("alice");
        var panel = Render<SessionPanel>(p => p.Add(c => c.SessionId, session.Id.Value).Add(c => c.LessonUrl, "/courses/c/l"));
        var states = new List<SessionState>();
        session.Changed += s => { lock (states) { states.Add(s.State); } };

        panel.Find("[data-action=reset]").Click();

        Assert.Contains("Reset the lab?", panel.Find("[data-role=confirm]").TextContent, StringComparison.Ordinal);
        Assert.Equal(SessionState.Ready, session.State);
        panel.Find("[data-action=cancel]").Click();
        Assert.Empty(panel.FindAll("[data-role=confirm]"));
        Assert.Equal(SessionState.Ready, session.State);
        lock (states)
        {
            Assert.Empty(states);
        }

        panel.Find("[data-action=reset]").Click();
        panel.Find("[data-action=confirm]").Click();

        // Removed and started again: Stopping, Starting, then Ready.
        panel.WaitForAssertion(() =>
        {
            lock (states)
            {
                Assert.Equal([SessionState.Stopping, SessionState.Starting], states.Where(s => s != SessionState.Ready).Distinct().Take(2));
                Assert.Equal(SessionState.Ready, states[^1]);
            }
        });
        Assert.Empty(panel.FindAll("[data-role=confirm]"));
    }

    [Fact]
    public async Task Stop_AsksFirst_ConfirmStopsAndSaysWhy()
    {
        var session = await ReadySessionAsync("alice");
        var panel = Render<SessionPanel>(p => p.Add(c => c.SessionId, session.Id.Value).Add(c => c.LessonUrl, "/courses/c/l"));

        panel.Find("[data-action=stop]").Click();
        Assert.Equal(SessionState.Ready, session.State);
        Assert.Contains("Stop the lab?", panel.Find("[data-role=confirm]").TextContent, StringComparison.Ordinal);
        panel.Find("[data-action=confirm]").Click();

        panel.WaitForAssertion(() => Assert.Equal(SessionState.Stopped, session.State));
        panel.WaitForAssertion(() => Assert.Contains("stopped by the learner", panel.Find("[data-role=error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extend_ShowsItsLimit_AndIsDisabledOnceThere()
    {
        var session = await ReadySessionAsync("alice");
        var panel = Render<SessionPanel>(p => p.Add(c => c.SessionId, session.Id.Value).Add(c => c.LessonUrl, "/courses/c/l"));
        Assert.Equal("+30 min, up to 3 h in all", panel.Find("[data-role=extend-limit]").TextContent);

        // The lab's default 2 h grow by 30 min a click up to 3 h: two clicks.
        for (var click = 0; click < 2; click++)
        {
            panel.Find("[data-action=extend]").Click();
        }

        panel.WaitForAssertion(() => Assert.Equal("at the limit of 3 h", panel.Find("[data-role=extend-limit]").TextContent));
        Assert.True(panel.Find("[data-action=extend]").HasAttribute("disabled"));
        Assert.Equal(session.CreatedAt + _options.MaxSessionTime, session.ExpiresAt);
    }

    [Fact]
    public async Task AnotherLearnersSession_RendersNothingOfIt_AndNoButtonActs()
    {
        var bobs = await ReadySessionAsync("bob");
        var panel = Render<SessionPanel>(p => p.Add(c => c.SessionId, bobs.Id.Value).Add(c => c.LessonUrl, "/courses/c/l"));

        Assert.Equal("No such lab session.", panel.Find("[data-role=error]").TextContent);
        Assert.Equal("gone", panel.Find("[data-role=state]").TextContent);
        Assert.True(panel.Find("[data-action=stop]").HasAttribute("disabled"));
        Assert.True(panel.Find("[data-action=reset]").HasAttribute("disabled"));
        Assert.Equal(SessionState.Ready, bobs.State);
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

    // The tracker only sends to the hub when observers change, which these tests never do.
    private sealed class NoHubContext : IHubContext<WorkspaceHub>
    {
        public IHubClients Clients => throw new NotSupportedException();

        public IGroupManager Groups => throw new NotSupportedException();
    }
}
