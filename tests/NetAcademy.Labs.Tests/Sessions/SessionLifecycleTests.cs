using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Sessions;
using NetAcademy.Labs.Runtime;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Labs.Tests.Support;

namespace NetAcademy.Labs.Tests.Sessions;

/// <summary>
/// The session manager's lifecycle against the real engine: idempotent start, quotas, time limits,
/// idle culling, extend, reset, ownership, adoption after a restart and failed starts. Short limits and a
/// manual clock keep it quick; the docker CLI is the witness of what exists.
/// </summary>
public sealed class SessionLifecycleTests : IClassFixture<RuntimeFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly NodeName A = new("a");
    private readonly RuntimeFixture _fixture;

    public SessionLifecycleTests(RuntimeFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task StartAsync_TwoConcurrentCallsForSameUserAndLab_GiveOneSession()
    {
        var lab = SessionHarness.OneNode("lifecycle-idem");
        await using var harness = new SessionHarness(_fixture, labs: [lab]);

        var both = await Task.WhenAll(
            harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None),
            harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None));
        await SessionHarness.WaitReadyAsync(both[0]);

        Assert.Same(both[0], both[1]);
        Assert.Single(harness.Manager.Sessions);
        Assert.Equal((1, 0), await DockerCli.CountSessionAsync(both[0].Id.Value));
        var instance = await DockerCli.LinesAsync("ps", "-q", "--filter", $"label=netacademy.instance={_fixture.Instance}", "--filter", "label=netacademy.user=alice");
        Assert.Single(instance);
    }

    [Fact]
    public async Task StartAsync_PerUserLimitReached_RefusesWithMessage()
    {
        var first = SessionHarness.OneNode("lifecycle-user-1");
        var second = SessionHarness.OneNode("lifecycle-user-2");
        await using var harness = new SessionHarness(_fixture, o => o.MaxSessionsPerUser = 1, labs: [first, second]);
        await harness.Manager.StartAsync("alice", first.Id, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<SessionLimitException>(() => harness.Manager.StartAsync("alice", second.Id, CancellationToken.None));

        Assert.Equal("You already have 1 lab(s) open, the most one person may have at once. Stop one of them (a failed one too) to start this lab.", ex.Message);
        Assert.Null(harness.Manager.FindActive("alice", second.Id));
        // Someone else is not affected by alice's quota.
        var bob = await harness.Manager.StartAsync("bob", second.Id, CancellationToken.None);
        Assert.Equal("bob", bob.User);
    }

    [Fact]
    public async Task StartAsync_FailedSessionNotYetStopped_StillCountsAndResetStaysWithinIt()
    {
        var broken = SessionHarness.OneNode("lifecycle-failed-quota", setupScript: "echo broken >&2; exit 4\n");
        var other = SessionHarness.OneNode("lifecycle-failed-other");
        await using var harness = new SessionHarness(_fixture, o =>
        {
            o.MaxSessionsPerUser = 1;
            o.MaxSessions = 1;
        }, labs: [broken, other]);
        var failed = await harness.Manager.StartAsync("alice", broken.Id, CancellationToken.None);
        Assert.Equal(SessionState.Failed, await SessionHarness.WaitSettledAsync(failed));

        // A failed session was not counted: alice could open another lab, and so could anyone, past both limits.
        await Assert.ThrowsAsync<SessionLimitException>(() => harness.Manager.StartAsync("alice", other.Id, CancellationToken.None));
        var full = await Assert.ThrowsAsync<SessionLimitException>(() => harness.Manager.StartAsync("bob", other.Id, CancellationToken.None));
        Assert.StartsWith("The lab platform is at capacity (1 labs running)", full.Message, StringComparison.Ordinal);

        // Reset restarts the session that already counts: still one session, within both limits.
        await harness.Manager.ResetAsync(failed, CancellationToken.None);
        Assert.Equal(SessionState.Failed, await SessionHarness.WaitSettledAsync(failed));
        await Assert.ThrowsAsync<SessionLimitException>(() => harness.Manager.StartAsync("bob", other.Id, CancellationToken.None));

        await harness.Manager.StopAsync(failed, "test", CancellationToken.None);
        var bob = await harness.Manager.StartAsync("bob", other.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(bob);
    }

    [Fact]
    public async Task StopAsync_WhileStarting_EndsTheStartFirstAndHoldsTheQuotaUntilNothingIsLeft()
    {
        // Three nodes and a slow setup: the stop comes while the start is still creating things.
        var lab = SessionHarness.OneNode("lifecycle-stop-starting", setupScript: "sleep 5\n", nodes: 3);
        var other = SessionHarness.OneNode("lifecycle-stop-other");
        await using var harness = new SessionHarness(_fixture, o => o.MaxSessionsPerUser = 1, labs: [lab, other]);
        var session = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        await Until(() => session.Snapshot().Steps.Any(s => s.Step == "node:a"), TimeSpan.FromSeconds(30));

        var stop = harness.Manager.StopAsync(session, "test", CancellationToken.None);
        // While the stop runs (it waits for the start, which waits for its 5 s setup) the session still holds its
        // containers, so it still counts.
        Assert.False(stop.IsCompleted);
        await Assert.ThrowsAsync<SessionLimitException>(() => harness.Manager.StartAsync("alice", other.Id, CancellationToken.None));
        await stop;

        Assert.Equal(SessionState.Stopped, session.State);
        // Nothing of the session is left, now or a moment later (a start that went on would create more).
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Id.Value));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Id.Value));
        var next = await harness.Manager.StartAsync("alice", other.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(next);
    }

    private static async Task Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, "the condition did not come true in time");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task StartAsync_PlatformAtCapacity_SaysWhenToTryAgain()
    {
        var lab = SessionHarness.OneNode("lifecycle-capacity");
        await using var harness = new SessionHarness(_fixture, o =>
        {
            o.MaxSessions = 1;
            o.DefaultSessionTime = TimeSpan.FromMinutes(20);
        }, labs: [lab]);
        await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMinutes(7.5));

        var ex = await Assert.ThrowsAsync<SessionLimitException>(() => harness.Manager.StartAsync("bob", lab.Id, CancellationToken.None));

        // 12.5 minutes remain on alice's session: round up, never promise too early.
        Assert.Equal("The lab platform is at capacity (1 labs running). Try again in 13 minute(s).", ex.Message);
        Assert.Equal(TimeSpan.FromMinutes(13), ex.RetryAfter);
    }

    [Fact]
    public async Task ReapAsync_PastSessionTime_StopsAndRemovesContainers()
    {
        var lab = SessionHarness.OneNode("lifecycle-ttl");
        await using var harness = new SessionHarness(_fixture, o => o.DefaultSessionTime = TimeSpan.FromMinutes(5), labs: [lab]);
        var session = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(session);
        // A watched session: only the time limit can end it.
        harness.Manager.Watch(session, +1);
        Assert.Equal((1, 0), await DockerCli.CountSessionAsync(session.Id.Value));

        harness.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await harness.Manager.ReapAsync(CancellationToken.None));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var reaped = await harness.Manager.ReapAsync(CancellationToken.None);

        Assert.Equal(1, reaped);
        Assert.Equal(SessionState.Stopped, session.State);
        Assert.Equal("expired", session.Snapshot().StopReason);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Id.Value));
    }

    [Fact]
    public async Task ReapAsync_IdleWithoutWatchers_StopsItWhileWatchedSessionSurvives()
    {
        var lab = SessionHarness.OneNode("lifecycle-idle");
        await using var harness = new SessionHarness(_fixture, o => o.DefaultIdleTimeout = TimeSpan.FromMinutes(10), labs: [lab]);
        var idle = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        var watched = await harness.Manager.StartAsync("bob", lab.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(idle);
        await SessionHarness.WaitReadyAsync(watched);
        harness.Manager.Watch(watched, +1);

        harness.Time.Advance(TimeSpan.FromMinutes(9));
        harness.Manager.Touch(idle);
        harness.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await harness.Manager.ReapAsync(CancellationToken.None));
        harness.Time.Advance(TimeSpan.FromMinutes(2));
        var reaped = await harness.Manager.ReapAsync(CancellationToken.None);

        Assert.Equal(1, reaped);
        Assert.Equal(SessionState.Stopped, idle.State);
        Assert.Equal("idle", idle.Snapshot().StopReason);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(idle.Id.Value));
        Assert.Equal(SessionState.Ready, watched.State);
        var alive = await harness.Manager.Shell(watched).RunAsync(A, ["true"], null, Timeout, CancellationToken.None);
        Assert.Equal(0, alive.ExitCode);
    }

    [Fact]
    public async Task Snapshot_EveryChange_HasAHigherVersionThanTheOneBefore()
    {
        var lab = SessionHarness.OneNode("lifecycle-version");
        await using var harness = new SessionHarness(_fixture, labs: [lab]);
        var seen = new List<SessionSnapshot>();
        harness.Manager.SessionChanged += s =>
        {
            lock (seen)
            {
                seen.Add(s);
            }
        };
        var session = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(session);
        await harness.Manager.StopAsync(session, "test", CancellationToken.None);

        List<SessionSnapshot> changes;
        lock (seen)
        {
            changes = seen.Where(s => s.Id == session.Id.Value).ToList();
        }
        // Steps, Ready, Stopping, Stopped: each change a new version, so a page can drop one that arrives late.
        Assert.True(changes.Count >= 4, $"{changes.Count} changes");
        Assert.Equal(changes.Select(c => c.Version).Distinct().Count(), changes.Count);
        var ready = changes.First(c => c.State == SessionState.Ready);
        Assert.All(changes.Where(c => c.State == SessionState.Starting), c => Assert.True(c.Version < ready.Version));
        Assert.Equal(changes.Max(c => c.Version), session.Snapshot().Version);
    }

    [Fact]
    public async Task RecordInput_KeysThenEnter_OnlyTheLineEndCountsAsACommand()
    {
        var lab = SessionHarness.OneNode("lifecycle-input");
        await using var harness = new SessionHarness(_fixture, labs: [lab]);
        var session = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(session);
        Assert.Null(session.LastCommandAt);

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        harness.Manager.RecordInput(session, "ip netns add re");
        Assert.Equal(harness.Time.GetUtcNow(), session.LastActivity);
        Assert.Null(session.LastCommandAt);

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        harness.Manager.RecordInput(session, "d\r");
        var entered = harness.Time.GetUtcNow();
        Assert.Equal(entered, session.LastCommandAt);

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        harness.Manager.RecordInput(session, "\u001b[A");
        Assert.Equal(entered, session.LastCommandAt);
        harness.Manager.RecordInput(session, "echo pasted\necho lines");
        Assert.Equal(harness.Time.GetUtcNow(), session.LastCommandAt);
    }

    [Fact]
    public async Task StopAsync_NetworkHeldByAnOutsideContainer_StaysStoppingUntilTheReaperCanFinish()
    {
        var lab = TestLabs.TwoNodes();
        await using var harness = new SessionHarness(_fixture, labs: [lab]);
        var session = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(session);
        // A real engine failure: a network with an endpoint the session does not own cannot be removed.
        var intruder = "netacademy-test-intruder-" + Guid.NewGuid().ToString("n")[..8];
        try
        {
            var (run, runOutput) = await DockerCli.RunAsync("run", "-d", "--name", intruder, "--label", "netacademy.test=1",
                "--label", $"netacademy.session={intruder}", "--network", LabLabels.NetworkName(session.Id.Value, "underlay"),
                "--cap-drop", "ALL", "netacademy/base:latest", "sleep", "600");
            Assert.True(run == 0, runOutput);

            var error = await Assert.ThrowsAsync<SessionStopException>(() => harness.Manager.StopAsync(session, "learner", CancellationToken.None));
            Assert.Contains("keeps trying", error.Message, StringComparison.Ordinal);
            Assert.Equal(SessionState.Stopping, session.State);
            Assert.Equal((0, 1), await DockerCli.CountSessionAsync(session.Id.Value));
            // A stopping session no longer holds the learner's place: the same lab starts afresh.
            Assert.Null(harness.Manager.FindActive("alice", lab.Id));

            // Still held: the reaper's retry fails quietly and the session stays.
            await harness.Manager.ReapAsync(CancellationToken.None);
            Assert.Equal(SessionState.Stopping, session.State);

            await DockerCli.RunAsync("rm", "-f", intruder);
            await harness.Manager.ReapAsync(CancellationToken.None);
            Assert.Equal(SessionState.Stopped, session.State);
            Assert.DoesNotContain(session, harness.Manager.Sessions);
            Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Id.Value));
        }
        finally
        {
            await DockerCli.RunAsync("rm", "-f", intruder);
        }
    }

    [Fact]
    public async Task Extend_Repeatedly_CapsAtMaxSessionTime()
    {
        var lab = SessionHarness.OneNode("lifecycle-extend");
        await using var harness = new SessionHarness(_fixture, o =>
        {
            o.DefaultSessionTime = TimeSpan.FromMinutes(60);
            o.ExtendBy = TimeSpan.FromMinutes(30);
            o.MaxSessionTime = TimeSpan.FromMinutes(100);
        }, labs: [lab]);
        var session = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        var start = session.CreatedAt;

        var first = harness.Manager.Extend(session);
        var second = harness.Manager.Extend(session);
        var third = harness.Manager.Extend(session);

        Assert.Equal(start + TimeSpan.FromMinutes(90), first);
        Assert.Equal(start + TimeSpan.FromMinutes(100), second);
        Assert.Equal(start + TimeSpan.FromMinutes(100), third);
        Assert.Equal(start + TimeSpan.FromMinutes(100), session.Snapshot().ExpiresAt);
    }

    [Fact]
    public async Task ResetAsync_FileCreatedInNode_IsGoneAfterReset()
    {
        var lab = SessionHarness.OneNode("lifecycle-reset", setupScript: "echo initial > /root/setup-ran\n");
        await using var harness = new SessionHarness(_fixture, labs: [lab]);
        var session = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(session);
        var made = await harness.Manager.Shell(session).RunAsync(A, ["sh", "-c", "echo mine > /root/learner-file && ip link add dummyish type bridge"], null, Timeout, CancellationToken.None);
        Assert.Equal(0, made.ExitCode);

        await harness.Manager.ResetAsync(session, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(session);

        var shell = harness.Manager.Shell(session);
        var file = await shell.RunAsync(A, ["test", "-e", "/root/learner-file"], null, Timeout, CancellationToken.None);
        var link = await shell.RunAsync(A, ["ip", "link", "show", "dummyish"], null, Timeout, CancellationToken.None);
        var setup = await shell.RunAsync(A, ["cat", "/root/setup-ran"], null, Timeout, CancellationToken.None);
        Assert.NotEqual(0, file.ExitCode);
        Assert.NotEqual(0, link.ExitCode);
        Assert.Equal("initial\n", setup.Stdout);
        Assert.Same(session, harness.Manager.GetOwned(session.Id.Value, "alice"));
        Assert.Equal((1, 0), await DockerCli.CountSessionAsync(session.Id.Value));
    }

    [Fact]
    public async Task GetOwned_OtherUserOrMalformedId_IsRefused()
    {
        var lab = SessionHarness.OneNode("lifecycle-owner");
        await using var harness = new SessionHarness(_fixture, labs: [lab]);
        var session = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        var id = session.Id.Value;

        Assert.Same(session, harness.Manager.GetOwned(id, "alice"));
        Assert.Throws<SessionAccessException>(() => harness.Manager.GetOwned(id, "bob"));
        Assert.Throws<SessionAccessException>(() => harness.Manager.GetOwned(id, ""));
        foreach (var bad in new[] { id.ToUpperInvariant(), id + "0", id[..19], "../" + id[3..], "", " " + id[1..], SessionId.New().Value })
        {
            var ex = Assert.Throws<SessionAccessException>(() => harness.Manager.GetOwned(bad, "alice"));
            Assert.Equal("No such lab session.", ex.Message);
        }
    }

    [Fact]
    public async Task ReconcileAsync_AfterRestart_AdoptsCompleteSessionAndRemovesTheRest()
    {
        var complete = SessionHarness.OneNode("lifecycle-adopt");
        var broken = SessionHarness.OneNode("lifecycle-broken", nodes: 2);
        var gone = SessionHarness.OneNode("lifecycle-gone");
        // The old server: never disposed, as a killed process stops nothing (the fixture removes leftovers on failure).
        var before = new SessionHarness(_fixture, labs: [complete, broken, gone]);
        var kept = await before.Manager.StartAsync("alice", complete.Id, CancellationToken.None);
        var killed = await before.Manager.StartAsync("bob", broken.Id, CancellationToken.None);
        var orphan = await before.Manager.StartAsync("carol", gone.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(kept);
        await SessionHarness.WaitReadyAsync(killed);
        await SessionHarness.WaitReadyAsync(orphan);
        var (kill, output) = await DockerCli.RunAsync("kill", NetAcademy.Labs.Runtime.Docker.LabLabels.ContainerName(killed.Id.Value, "b"));
        Assert.True(kill == 0, output);

        // A new server over the same engine and instance, where one lab no longer exists.
        await using var after = new SessionHarness(_fixture, labs: [complete, broken]);
        var (adopted, removed) = await after.Manager.ReconcileAsync(CancellationToken.None);

        Assert.Equal((1, 2), (adopted, removed));
        var again = after.Manager.GetOwned(kept.Id.Value, "alice");
        Assert.Equal(SessionState.Ready, again.State);
        Assert.Throws<SessionAccessException>(() => after.Manager.GetOwned(kept.Id.Value, "bob"));
        var shell = await after.Manager.Shell(again).RunAsync(A, ["echo", "still here"], null, Timeout, CancellationToken.None);
        Assert.Equal("still here\n", shell.Stdout);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(killed.Id.Value));
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(orphan.Id.Value));
        // Idempotent: a second pass neither adopts twice nor removes the adopted session.
        Assert.Equal((0, 0), await after.Manager.ReconcileAsync(CancellationToken.None));
        Assert.Equal((1, 0), await DockerCli.CountSessionAsync(kept.Id.Value));
    }

    [Fact]
    public async Task StartAsync_SetupFails_SessionShowsFailedWithStepOutput()
    {
        var lab = SessionHarness.OneNode("lifecycle-fail", setupScript: "echo configuring eth9\necho 'Cannot find device \"eth9\"' >&2\nexit 3\n");
        await using var harness = new SessionHarness(_fixture, labs: [lab]);

        var session = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        var state = await SessionHarness.WaitSettledAsync(session);

        Assert.Equal(SessionState.Failed, state);
        var snapshot = session.Snapshot();
        Assert.Contains("Setup script setup.sh on a failed with exit code 3.", snapshot.Error, StringComparison.Ordinal);
        Assert.Contains("Cannot find device \"eth9\"", snapshot.Error, StringComparison.Ordinal);
        var step = Assert.Single(snapshot.Steps, s => s.Status == StepStatus.Failed);
        Assert.Equal("setup:a:setup.sh", step.Step);
        Assert.Contains("configuring eth9", step.Output, StringComparison.Ordinal);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Id.Value));
    }
}
