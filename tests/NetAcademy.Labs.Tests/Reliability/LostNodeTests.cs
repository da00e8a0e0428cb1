using NetAcademy.Labs.Sessions;
using NetAcademy.Labs.Tests.Sessions;
using NetAcademy.Labs.Tests.Support;

namespace NetAcademy.Labs.Tests.Reliability;

/// <summary>
/// Nodes stop behind the platform's back (killed from outside, as a container engine restart does to
/// them): the lost-node pass fails the session with a message the learner can act on and removes what is
/// left; healthy sessions beside it are not touched.
/// </summary>
public sealed class LostNodeTests : IClassFixture<RuntimeFixture>
{
    private readonly RuntimeFixture _fixture;

    public LostNodeTests(RuntimeFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task FailLostSessionsAsync_AllNodesKilled_FailsWithEngineMessageAndRemovesLeftovers()
    {
        var lab = SessionHarness.OneNode("lost-all", nodes: 2);
        var healthyLab = SessionHarness.OneNode("lost-healthy");
        await using var harness = new SessionHarness(_fixture, labs: [lab, healthyLab]);
        var session = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        var healthy = await harness.Manager.StartAsync("bob", healthyLab.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(session);
        await SessionHarness.WaitReadyAsync(healthy);
        Assert.Equal(0, await harness.Manager.FailLostSessionsAsync(CancellationToken.None));

        foreach (var node in new[] { "a", "b" })
        {
            var (code, output) = await DockerCli.RunAsync("kill", $"na-{session.Id}-{node}");
            Assert.True(code == 0, output);
        }
        var failed = await harness.Manager.FailLostSessionsAsync(CancellationToken.None);

        Assert.Equal(1, failed);
        Assert.Equal(SessionState.Failed, session.State);
        Assert.Equal("The lab's nodes stopped (the container engine restarted or they were removed). Start the lab again.", session.Snapshot().Error);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Id.Value));
        Assert.Equal(SessionState.Ready, healthy.State);
        Assert.Equal((1, 0), await DockerCli.CountSessionAsync(healthy.Id.Value));
        // The learner can start the lab again (the failed session still counts until stopped: one of alice's two).
        var again = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        Assert.NotEqual(session.Id, again.Id);
        await SessionHarness.WaitReadyAsync(again);
    }

    [Fact]
    public async Task NodeEventWatcher_NodeKilledFromOutside_FailsTheSessionWithoutAReaperPass()
    {
        var lab = SessionHarness.OneNode("lost-event", nodes: 2);
        await using var harness = new SessionHarness(_fixture, labs: [lab]);
        using var watcher = new NodeEventWatcher(harness.Runtime, harness.Manager, Microsoft.Extensions.Logging.Abstractions.NullLogger<NodeEventWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            var session = await harness.Manager.StartAsync("dave", lab.Id, CancellationToken.None);
            await SessionHarness.WaitReadyAsync(session);

            var (code, output) = await DockerCli.RunAsync("kill", $"na-{session.Id}-b");
            Assert.True(code == 0, output);

            // Nothing here calls the lost-node pass: only the engine's "die" event can move the session.
            for (var i = 0; i < 300 && session.State == SessionState.Ready; i++)
            {
                await Task.Delay(100);
            }
            Assert.Equal(SessionState.Failed, session.State);
            Assert.Equal("The lab's node(s) b stopped unexpectedly. Reset the lab to start it again.", session.Snapshot().Error);
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task FailLostSessionsAsync_OneNodeRemoved_NamesTheNode()
    {
        var lab = SessionHarness.OneNode("lost-one", nodes: 2);
        await using var harness = new SessionHarness(_fixture, labs: [lab]);
        var session = await harness.Manager.StartAsync("carol", lab.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(session);

        var (code, output) = await DockerCli.RunAsync("rm", "-f", $"na-{session.Id}-b");
        Assert.True(code == 0, output);
        await harness.Manager.FailLostSessionsAsync(CancellationToken.None);

        Assert.Equal(SessionState.Failed, session.State);
        Assert.Equal("The lab's node(s) b stopped unexpectedly. Reset the lab to start it again.", session.Snapshot().Error);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Id.Value));
    }
}
