using System.Diagnostics;
using NetAcademy.Labs.Sessions;
using NetAcademy.Labs.Tests.Sessions;
using NetAcademy.Labs.Tests.Support;

namespace NetAcademy.Labs.Tests.Reliability;

/// <summary>
/// The container engine restarts while a lab runs (SIGTERM to dockerd, started again as
/// deploy/ensure-docker.sh does). Without live-restore the nodes do not survive: the platform notices,
/// fails the session with a message that says why, removes what is left, and starts new labs once the
/// engine is back. The engine is always restarted, also when the test fails.
/// </summary>
[Collection(DockerDaemonCollection.Name)]
public sealed class DockerDaemonRestartTests : IClassFixture<RuntimeFixture>
{
    private readonly RuntimeFixture _fixture;

    public DockerDaemonRestartTests(RuntimeFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task EngineRestart_WhileSessionRuns_SessionFailsWithReasonNothingLeaksNewStartWorks()
    {
        var lab = SessionHarness.OneNode("engine-restart", nodes: 2);
        await using var harness = new SessionHarness(_fixture, labs: [lab]);
        var session = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(session);

        try
        {
            await DockerDaemon.StopAsync();
            // While the engine is down the pass cannot judge anything: it throws and changes nothing.
            await Assert.ThrowsAnyAsync<Exception>(() => harness.Manager.FailLostSessionsAsync(CancellationToken.None));
            Assert.Equal(SessionState.Ready, session.State);
        }
        finally
        {
            await DockerDaemon.EnsureRunningAsync();
        }

        var clock = Stopwatch.StartNew();
        while (session.State == SessionState.Ready)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "The session was not failed within 60 s of the engine coming back.");
            try
            {
                await harness.Manager.FailLostSessionsAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException)
            {
                // The engine may still be settling; the reaper simply tries again on its next tick.
            }
            await Task.Delay(500);
        }

        Assert.Equal(SessionState.Failed, session.State);
        Assert.Equal("The lab's nodes stopped (the container engine restarted or they were removed). Start the lab again.", session.Snapshot().Error);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Id.Value));

        var again = await harness.Manager.StartAsync("alice", lab.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(again);
        var result = await harness.Manager.Shell(again).RunAsync(new Core.Ids.NodeName("a"), ["echo", "alive"], null, TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.Equal("alive", result.Stdout.Trim());
    }
}
