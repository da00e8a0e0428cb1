using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Labs.Sessions;
using NetAcademy.Labs.Tests.Support;
using NetAcademy.Testing.Docker;

namespace NetAcademy.Labs.Tests.Sessions;

/// <summary>
/// Warm pools against the real engine: a warm session is nobody's until claimed, concurrent starts never share one,
/// a restarted server adopts warm and claimed sessions with the right owners, and draining leaves nothing. Not timed:
/// how fast a claim is belongs to the benchmarks.
/// </summary>
public sealed class WarmPoolTests : IClassFixture<RuntimeFixture>
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly NodeName A = new("a");
    private readonly RuntimeFixture _fixture;

    public WarmPoolTests(RuntimeFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task WarmSession_BeforeItsClaim_IsNobodysToSeeOrReach()
    {
        var lab = SessionHarness.OneNode("pool-unseen");
        await using var harness = new SessionHarness(_fixture, o => o.Pools[lab.Id.Value] = 1, labs: [lab]);
        var told = new List<SessionSnapshot>();
        harness.Manager.SessionChanged += s => { lock (told) { told.Add(s); } };

        Assert.Equal(1, await harness.Manager.FillPoolsAsync(CancellationToken.None));
        var warm = Assert.Single(await WaitWarmAsync(harness.Manager, 1));

        Assert.Empty(harness.Manager.Sessions);
        Assert.Null(harness.Manager.FindActive("alice", lab.Id));
        Assert.Null(harness.Manager.FindActive(LabSession.PoolOwner, lab.Id));
        Assert.Throws<SessionAccessException>(() => harness.Manager.GetOwned(warm.Id.Value, "alice"));
        Assert.Throws<SessionAccessException>(() => harness.Manager.GetOwned(warm.Id.Value, LabSession.PoolOwner));
        lock (told)
        {
            Assert.Empty(told);
        }

        // Time passes while the warm session waits: the learner's clock starts at the claim, not at the warm start.
        harness.Time.Advance(TimeSpan.FromMinutes(50));
        var claimed = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);

        Assert.Same(warm, claimed);
        Assert.Equal(SessionState.Ready, claimed.State);
        Assert.Equal("alice", claimed.User);
        Assert.Same(claimed, harness.Manager.GetOwned(claimed.Id.Value, "alice"));
        Assert.Throws<SessionAccessException>(() => harness.Manager.GetOwned(claimed.Id.Value, "bob"));
        Assert.Equal(harness.Time.GetUtcNow(), claimed.CreatedAt);
        Assert.Equal(harness.Time.GetUtcNow() + harness.Options.DefaultSessionTime, claimed.ExpiresAt);
        lock (told)
        {
            Assert.Equal("alice", Assert.Single(told).User);
        }
        var shell = await harness.Manager.Shell(claimed).RunAsync(A, ["echo", "ready"], null, TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.Equal("ready\n", shell.Stdout);
        // The pool is refilled: a new warm session, not the claimed one.
        Assert.Equal(1, await harness.Manager.FillPoolsAsync(CancellationToken.None));
        Assert.NotEqual(claimed.Id, Assert.Single(harness.Manager.PooledSessions).Id);
    }

    [Fact]
    public async Task StartAsync_ManyLearnersAtOnce_NeverShareAWarmSession()
    {
        var lab = SessionHarness.OneNode("pool-race");
        await using var harness = new SessionHarness(_fixture, o => o.Pools[lab.Id.Value] = 2, labs: [lab]);
        await harness.Manager.FillPoolsAsync(CancellationToken.None);
        var warm = (await WaitWarmAsync(harness.Manager, 2)).Select(s => s.Id).ToHashSet();

        var users = Enumerable.Range(1, 6).Select(i => $"learner{i}").ToList();
        using var go = new ManualResetEventSlim();
        var starts = users.Select(u => Task.Run(async () =>
        {
            go.Wait();
            return await harness.Manager.StartAsync(u, lab.Id, CancellationToken.None);
        })).ToList();
        go.Set();
        var sessions = await Task.WhenAll(starts);

        Assert.Equal(users.Count, sessions.Select(s => s.Id).Distinct().Count());
        var claimed = sessions.Where(s => warm.Contains(s.Id)).ToList();
        Assert.Equal(2, claimed.Count);
        Assert.Equal(2, claimed.Select(s => s.User).Distinct(StringComparer.Ordinal).Count());
        Assert.All(sessions.Zip(users), pair => Assert.Equal(pair.Second, pair.First.User));
        Assert.Empty(harness.Manager.PooledSessions);
        foreach (var session in sessions)
        {
            await SessionHarness.WaitReadyAsync(session);
        }
    }

    [Fact]
    public async Task ReconcileAsync_AfterRestart_AdoptsWarmAndClaimedSessionsWithTheirOwners()
    {
        var lab = SessionHarness.OneNode("pool-restart");
        // The old server: never disposed, as a killed process stops nothing (the fixture removes leftovers on failure).
        var before = new SessionHarness(_fixture, o => o.Pools[lab.Id.Value] = 2, labs: [lab]);
        await before.Manager.FillPoolsAsync(CancellationToken.None);
        await WaitWarmAsync(before.Manager, 2);
        var claimed = await before.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        var stillWarm = Assert.Single(before.Manager.PooledSessions);

        await using var after = new SessionHarness(_fixture, o => o.Pools[lab.Id.Value] = 2, labs: [lab]);
        var (adopted, removed) = await after.Manager.ReconcileAsync(CancellationToken.None);

        Assert.Equal((2, 0), (adopted, removed));
        Assert.True(after.Manager.Reconciled);
        Assert.Equal(SessionState.Ready, after.Manager.GetOwned(claimed.Id.Value, "alice").State);
        Assert.Equal(claimed.Id, Assert.Single(after.Manager.Sessions).Id);
        Assert.Equal(stillWarm.Id, Assert.Single(after.Manager.PooledSessions).Id);
        Assert.Throws<SessionAccessException>(() => after.Manager.GetOwned(stillWarm.Id.Value, "alice"));
        // The adopted warm session is the next one claimed, and the pool tops up to its size again.
        Assert.Equal(stillWarm.Id, (await after.Manager.StartAsync("bob", lab.Id, CancellationToken.None)).Id);
        Assert.Equal(2, await after.Manager.FillPoolsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DrainPoolsAsync_StopsEveryWarmSession_LeavesNothingAndKeepsClaimedOnes()
    {
        var lab = SessionHarness.OneNode("pool-drain");
        await using var harness = new SessionHarness(_fixture, o => o.Pools[lab.Id.Value] = 2, labs: [lab]);
        await harness.Manager.FillPoolsAsync(CancellationToken.None);
        var warm = await WaitWarmAsync(harness.Manager, 2);
        var claimed = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        Assert.Equal(1, await DockerCli.CountSessionVolumesAsync(claimed.Id.Value));
        // One more warm start under way while the drain runs: it must not outlive the drain either.
        Assert.Equal(1, await harness.Manager.FillPoolsAsync(CancellationToken.None));

        Assert.Equal(2, await harness.Manager.DrainPoolsAsync(CancellationToken.None));

        Assert.Empty(harness.Manager.PooledSessions);
        foreach (var session in warm.Where(s => s.Id != claimed.Id))
        {
            Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Id.Value));
        }
        Assert.Equal((0, 0), await CountUnclaimedAsync(harness, claimed.Id));
        Assert.Equal(SessionState.Ready, claimed.State);
        Assert.Equal(0, await harness.Manager.FillPoolsAsync(CancellationToken.None));

        await harness.Manager.StopAsync(claimed, "test", CancellationToken.None);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(claimed.Id.Value));
        Assert.Equal(0, await DockerCli.CountSessionVolumesAsync(claimed.Id.Value));
        harness.Manager.ResumePools();
        Assert.Equal(2, await harness.Manager.FillPoolsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FillPoolsAsync_MemoryBudget_StartsOnlyWhatFits()
    {
        var lab = SessionHarness.OneNode("pool-budget", memoryMiB: 128);
        await using var harness = new SessionHarness(_fixture, o =>
        {
            o.Pools[lab.Id.Value] = 5;
            // One 128 MiB session fits, a second would not (and two could start at once, so that is not the bound here).
            o.PoolMemoryBudgetMiB = 200;
        }, labs: [lab]);

        Assert.Equal(1, await harness.Manager.FillPoolsAsync(CancellationToken.None));
        await WaitWarmAsync(harness.Manager, 1);
        Assert.Equal(0, await harness.Manager.FillPoolsAsync(CancellationToken.None));
    }

    // Containers and networks of this instance that belong to no session the manager knows of (a drained warm start).
    private static async Task<(int Containers, int Networks)> CountUnclaimedAsync(SessionHarness harness, SessionId keep)
    {
        var containers = await DockerCli.LinesAsync("ps", "-a", "--format", "{{.Label \"netacademy.session\"}}", "--filter", $"label=netacademy.instance={harness.Options.Instance}");
        var networks = await DockerCli.LinesAsync("network", "ls", "--format", "{{.Label \"netacademy.session\"}}", "--filter", $"label=netacademy.instance={harness.Options.Instance}");
        var known = harness.Manager.Sessions.Select(s => s.Id.Value).Append(keep.Value).ToHashSet(StringComparer.Ordinal);
        return (containers.Count(s => !known.Contains(s)), networks.Count(s => !known.Contains(s)));
    }

    private static async Task<IReadOnlyList<LabSession>> WaitWarmAsync(SessionManager manager, int count)
    {
        using var timeout = new CancellationTokenSource(ReadyTimeout);
        while (true)
        {
            var warm = manager.PooledSessions;
            var failed = warm.FirstOrDefault(s => s.State == SessionState.Failed);
            Assert.True(failed is null, $"A warm session failed: {failed?.Snapshot().Error}");
            if (warm.Count(s => s.State == SessionState.Ready) >= count)
            {
                return warm.Where(s => s.State == SessionState.Ready).ToList();
            }
            await Task.Delay(50, timeout.Token);
        }
    }
}
