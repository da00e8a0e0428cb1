using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Grading.Tests.Support;

/// <summary>An <see cref="ILabRuntime"/> that records starts and stops and hands out one scripted shell.</summary>
public sealed class FakeLabRuntime(FakeNodeShell shell) : ILabRuntime
{
    /// <summary>When set, <see cref="StartAsync"/> throws it.</summary>
    public Exception? StartFailure { get; set; }

    /// <summary>Sessions started, in order.</summary>
    public List<SessionSpec> Started { get; } = [];

    /// <summary>Sessions stopped, in order.</summary>
    public List<SessionId> Stopped { get; } = [];

    /// <inheritdoc />
    public Task StartAsync(SessionSpec spec, IProgress<StartProgress> progress, CancellationToken cancellationToken)
    {
        Started.Add(spec);
        progress.Report(new StartProgress("networks", "Creating networks", StepStatus.Done, TimeSpan.FromMilliseconds(5)));
        return StartFailure is null ? Task.CompletedTask : Task.FromException(StartFailure);
    }

    /// <inheritdoc />
    public int CountStartSteps(Lab lab) => 1;

    /// <inheritdoc />
    public Task ClaimAsync(SessionId session, string user, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Warm pools are not part of these tests.");

    public Task StopAsync(SessionId session, CancellationToken cancellationToken)
    {
        Stopped.Add(session);
        return Task.CompletedTask;
    }

    /// <summary>No session networks: the fake has no engine to ask.</summary>
    public Task<IReadOnlyList<SessionNetworkInfo>> ReadSessionNetworksAsync(SessionId session, Lab lab, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SessionNetworkInfo>>([]);

    /// <inheritdoc />
    public Task<IReadOnlyList<RuntimeSessionInfo>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RuntimeSessionInfo>>([]);

    /// <inheritdoc />
    public INodeShell GetShell(SessionId session, IReadOnlyCollection<NodeName> nodes) => shell;

    /// <inheritdoc />
    public Task<INodeTerminal> OpenTerminalAsync(SessionId session, NodeName node, TerminalSize size, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The fake runtime has no terminals.");
}
