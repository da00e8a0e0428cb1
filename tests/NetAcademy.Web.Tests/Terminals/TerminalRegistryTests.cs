using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Terminals;
using NetAcademy.Web.Tests.Grading;

namespace NetAcademy.Web.Tests.Terminals;

/// <summary>
/// The registry's shells per node: numbered, at most <see cref="TerminalRegistry.MaxShellsPerNode"/> open on one node
/// of a session, the same number shared, a closed or ended shell making room. Over a session manager whose runtime
/// hands out terminals that stay open until they are disposed or told to end.
/// </summary>
public sealed class TerminalRegistryTests : IAsyncLifetime
{
    private static readonly NodeName Host1 = new("host1");
    private static readonly NodeName Host2 = new("host2");
    private static readonly TerminalSize Size = new(80, 24);
    private readonly TerminalRuntime _runtime = new();
    private SessionManager _sessions = null!;
    private TerminalRegistry _registry = null!;
    private LabSession _session = null!;

    public async Task InitializeAsync()
    {
        var lab = new Lab(new LabId("shells-lab"), "Shells lab", "", [Node("host1"), Node("host2")], [], [], [], LabLimits.Default, Path.GetTempPath());
        _sessions = new SessionManager(_runtime, new SingleLabDirectory(lab), Options.Create(new LabsOptions()), TimeProvider.System, NullLogger<SessionManager>.Instance);
        _registry = new TerminalRegistry(_sessions);
        _session = await _sessions.StartAsync("learner", lab.Id, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_session.State != SessionState.Ready)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The session never got ready: {_session.State}.");
            await Task.Delay(10);
        }
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task GetOrOpenAsync_FifthShellOnANode_IsRefusedNamingTheNodeAndTheCap()
    {
        for (var shell = 1; shell <= TerminalRegistry.MaxShellsPerNode; shell++)
        {
            await _registry.GetOrOpenAsync(_session, Host1, shell, Size, CancellationToken.None);
        }

        var refused = await Assert.ThrowsAsync<TerminalLimitException>(() => _registry.GetOrOpenAsync(_session, Host1, 7, Size, CancellationToken.None));

        Assert.Equal("host1 already has 4 terminals open, the most one node may have. Close one of them first.", refused.Message);
        Assert.Equal(4, _runtime.Opened.Count);
        Assert.Null(_registry.Find(_session.Id, Host1, 7));
    }

    [Fact]
    public async Task GetOrOpenAsync_SameNumberAgainOrAnotherNode_SharesTheShellAndCountsPerNode()
    {
        var first = await _registry.GetOrOpenAsync(_session, Host1, 1, Size, CancellationToken.None);
        for (var shell = 2; shell <= TerminalRegistry.MaxShellsPerNode; shell++)
        {
            await _registry.GetOrOpenAsync(_session, Host1, shell, Size, CancellationToken.None);
        }

        var again = await _registry.GetOrOpenAsync(_session, Host1, 1, Size, CancellationToken.None);
        var otherNode = await _registry.GetOrOpenAsync(_session, Host2, 1, Size, CancellationToken.None);

        Assert.Same(first, again);
        Assert.NotSame(first, otherNode);
        Assert.Equal(5, _runtime.Opened.Count);
        Assert.Equal([1, 2, 3, 4], _registry.OpenShells(_session.Id)[Host1]);
        Assert.Equal([1], _registry.OpenShells(_session.Id)[Host2]);
    }

    [Fact]
    public async Task CloseAsync_OpenShell_DisposesItsTerminalAndMakesRoomForAnother()
    {
        for (var shell = 1; shell <= TerminalRegistry.MaxShellsPerNode; shell++)
        {
            await _registry.GetOrOpenAsync(_session, Host1, shell, Size, CancellationToken.None);
        }
        var third = _runtime.Opened[2];

        Assert.True(await _registry.CloseAsync(_session.Id, Host1, 3));
        var fifth = await _registry.GetOrOpenAsync(_session, Host1, 5, Size, CancellationToken.None);

        Assert.True(third.Disposed);
        Assert.True(third.HungUp);
        Assert.All(_runtime.Opened.Where(t => t != third), t => Assert.False(t.Disposed));
        Assert.Null(_registry.Find(_session.Id, Host1, 3));
        Assert.Same(fifth, _registry.Find(_session.Id, Host1, 5));
        Assert.Equal([1, 2, 4, 5], _registry.OpenShells(_session.Id)[Host1]);
        Assert.False(await _registry.CloseAsync(_session.Id, Host1, 3));
    }

    [Fact]
    public async Task ShellsChanged_OpenAndClose_ToldWithTheSessionEachTime_ReopeningAnOpenShellTellsNothing()
    {
        var told = new List<SessionId>();
        _registry.ShellsChanged += id => { lock (told) { told.Add(id); } };

        await _registry.GetOrOpenAsync(_session, Host1, 1, Size, CancellationToken.None);
        await _registry.GetOrOpenAsync(_session, Host1, 2, Size, CancellationToken.None);
        await _registry.GetOrOpenAsync(_session, Host1, 2, Size, CancellationToken.None);
        Assert.Equal([_session.Id, _session.Id], told);

        await _registry.CloseAsync(_session.Id, Host1, 2);
        await _registry.CloseAsync(_session.Id, Host1, 2);

        Assert.Equal([_session.Id, _session.Id, _session.Id], told);
        Assert.Equal([1], _registry.OpenShells(_session.Id)[Host1]);
    }

    [Fact]
    public async Task OpenAheadAsync_ReadySession_OpensShellOneOfEachNodeThatThePageThenGets()
    {
        var alreadyOpen = await _registry.GetOrOpenAsync(_session, Host2, 1, Size, CancellationToken.None);

        var opened = await _registry.OpenAheadAsync(_session, CancellationToken.None);

        // host1's shell 1 is new; host2's was open (a page that came first) and stays the one it had.
        Assert.Equal(1, opened);
        Assert.Equal(2, _runtime.Opened.Count);
        Assert.Equal([1], _registry.OpenShells(_session.Id)[Host1]);
        Assert.Same(alreadyOpen, _registry.Find(_session.Id, Host2, 1));
        var ahead = _registry.Find(_session.Id, Host1, 1);
        Assert.NotNull(ahead);
        Assert.Same(ahead, await _registry.GetOrOpenAsync(_session, Host1, 1, new TerminalSize(120, 40), CancellationToken.None));
        Assert.Equal(2, _runtime.Opened.Count);
    }

    [Fact]
    public async Task OpenAheadAsync_WarmSessionInThePool_OpensNothingUntilClaimedThenOpensForTheClaimer()
    {
        var lab = new Lab(new LabId("pooled-lab"), "Pooled lab", "", [Node("host1"), Node("host2")], [], [], [], LabLimits.Default, Path.GetTempPath());
        var runtime = new TerminalRuntime();
        var options = new LabsOptions();
        options.Pools[lab.Id.Value] = 1;
        var sessions = new SessionManager(runtime, new SingleLabDirectory(lab), Options.Create(options), TimeProvider.System, NullLogger<SessionManager>.Instance);
        await using var registry = new TerminalRegistry(sessions);
        Assert.Equal(1, await sessions.FillPoolsAsync(CancellationToken.None));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        LabSession? warm;
        while ((warm = sessions.PooledSessions.SingleOrDefault(s => s.State == SessionState.Ready)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The warm session never got ready.");
            await Task.Delay(10);
        }

        // Waiting in the pool it is nobody's: no shell is opened in it.
        Assert.Equal(0, await registry.OpenAheadAsync(warm, CancellationToken.None));
        Assert.Empty(runtime.Opened);
        Assert.Empty(registry.OpenShells(warm.Id));

        var claimed = await sessions.StartAsync("claimer", lab.Id, CancellationToken.None);

        Assert.Equal(warm.Id, claimed.Id);
        Assert.Equal("claimer", claimed.User);
        Assert.Equal(2, await registry.OpenAheadAsync(claimed, CancellationToken.None));
        Assert.Equal([1], registry.OpenShells(claimed.Id)[Host1]);
        Assert.Equal([1], registry.OpenShells(claimed.Id)[Host2]);
    }

    [Fact]
    public async Task OpenAheadAsync_StoppedSession_OpensNothing()
    {
        await _sessions.StopAsync(_session, "test", CancellationToken.None);

        Assert.Equal(0, await _registry.OpenAheadAsync(_session, CancellationToken.None));
        Assert.Empty(_runtime.Opened);
        Assert.Empty(_registry.OpenShells(_session.Id));
    }

    [Fact]
    public async Task SessionStop_ClosesItsShellsWithoutHangingUp()
    {
        await _registry.GetOrOpenAsync(_session, Host1, 1, Size, CancellationToken.None);
        await _registry.GetOrOpenAsync(_session, Host2, 1, Size, CancellationToken.None);

        await _sessions.StopAsync(_session, "test", CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_runtime.Opened.Any(t => !t.Disposed))
        {
            Assert.True(DateTime.UtcNow < deadline, "The stopped session's shells were never closed.");
            await Task.Delay(10);
        }

        // The nodes go with every process in them: a hang-up would be one more program run in each.
        Assert.All(_runtime.Opened, t => Assert.False(t.HungUp));
        Assert.Empty(_registry.OpenShells(_session.Id));
    }

    [Fact]
    public async Task GetOrOpenAsync_AShellThatEnded_NoLongerCountsAndItsNumberOpensANewOne()
    {
        for (var shell = 1; shell <= TerminalRegistry.MaxShellsPerNode; shell++)
        {
            await _registry.GetOrOpenAsync(_session, Host1, shell, Size, CancellationToken.None);
        }
        var ended = await _registry.GetOrOpenAsync(_session, Host1, 2, Size, CancellationToken.None);
        _runtime.Opened[1].End();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!ended.IsClosed)
        {
            Assert.True(DateTime.UtcNow < deadline, "The shell's end never reached its live terminal.");
            await Task.Delay(10);
        }

        var reopened = await _registry.GetOrOpenAsync(_session, Host1, 2, Size, CancellationToken.None);

        Assert.NotSame(ended, reopened);
        Assert.True(_runtime.Opened[1].Disposed);
        Assert.Equal(5, _runtime.Opened.Count);
        Assert.Equal([1, 2, 3, 4], _registry.OpenShells(_session.Id)[Host1]);
    }

    [Fact]
    public async Task AShellThatEnds_RaisesShellsChangedWithoutItInTheOpenSet()
    {
        await _registry.GetOrOpenAsync(_session, Host1, 1, Size, CancellationToken.None);
        await _registry.GetOrOpenAsync(_session, Host1, 2, Size, CancellationToken.None);
        var changed = new TaskCompletionSource<IReadOnlyList<int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _registry.ShellsChanged += session => changed.TrySetResult(_registry.OpenShells(session)[Host1]);

        _runtime.Opened[0].End();

        Assert.Equal([2], await changed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task CloseAsync_RaisesShellsChangedOnce()
    {
        await _registry.GetOrOpenAsync(_session, Host1, 1, Size, CancellationToken.None);
        var raised = 0;
        _registry.ShellsChanged += _ => Interlocked.Increment(ref raised);

        await _registry.CloseAsync(_session.Id, Host1, 1);
        await _registry.SweepAsync();

        Assert.Equal(1, raised);
    }

    private static LabNode Node(string name) =>
        new(new NodeName(name), "base", LabNode.DefaultCapabilities, 128, 0.5, 64,
            new Dictionary<string, string>(), new Dictionary<string, string>(), [], name, []);

    /// <summary>A runtime that starts at once and opens <see cref="HeldTerminal"/>s, keeping them in order.</summary>
    private sealed class TerminalRuntime : ILabRuntime
    {
        private readonly InstantLabRuntime _instant = new(new ScriptedShell());

        public List<HeldTerminal> Opened { get; } = [];

        public Task StartAsync(SessionSpec spec, IProgress<StartProgress> progress, CancellationToken cancellationToken) => _instant.StartAsync(spec, progress, cancellationToken);

        public int CountStartSteps(Lab lab) => _instant.CountStartSteps(lab);

        // The engine's record of a claim is not what these tests are about: a claim here only changes the owner.
        public Task ClaimAsync(SessionId session, string user, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(SessionId session, CancellationToken cancellationToken) => _instant.StopAsync(session, cancellationToken);

        public Task<IReadOnlyList<RuntimeSessionInfo>> ListAsync(CancellationToken cancellationToken) => _instant.ListAsync(cancellationToken);

        public INodeShell GetShell(SessionId session, IReadOnlyCollection<NodeName> nodes) => _instant.GetShell(session, nodes);

        public Task<IReadOnlyList<SessionNetworkInfo>> ReadSessionNetworksAsync(SessionId session, Lab lab, CancellationToken cancellationToken) =>
            _instant.ReadSessionNetworksAsync(session, lab, cancellationToken);

        public Task<INodeTerminal> OpenTerminalAsync(SessionId session, NodeName node, TerminalSize size, CancellationToken cancellationToken)
        {
            var terminal = new HeldTerminal();
            lock (Opened)
            {
                Opened.Add(terminal);
            }
            return Task.FromResult<INodeTerminal>(terminal);
        }
    }

    /// <summary>A TTY that prints nothing and stays open until it is disposed or <see cref="End"/> is called.</summary>
    private sealed class HeldTerminal : INodeTerminal
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Disposed { get; private set; }

        /// <summary>True when it was closed by <see cref="DisposeAsync"/> (hanging up its processes), not abandoned.</summary>
        public bool HungUp { get; private set; }

        public void End() => _ended.TrySetResult();

        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            await _ended.Task.WaitAsync(cancellationToken);
            return 0;
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public Task ResizeAsync(TerminalSize size, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            HungUp = true;
            return AbandonAsync();
        }

        public ValueTask AbandonAsync()
        {
            Disposed = true;
            _ended.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
