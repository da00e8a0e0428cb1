using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary><see cref="INodeShell"/> over non-TTY Docker execs in one session's containers.</summary>
internal sealed class DockerNodeShell : INodeShell
{
    private readonly DockerExec _exec;
    private readonly SessionId _session;
    private readonly IReadOnlyCollection<NodeName> _nodes;

    public DockerNodeShell(DockerExec exec, SessionId session, IReadOnlyCollection<NodeName> nodes)
    {
        _exec = exec;
        _session = session;
        _nodes = nodes;
    }

    public async Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var command = Command(node, argv, netns);
        var result = await _exec.RunAsync(LabLabels.ContainerName(_session.Value, node.Value), node.Value, command, null, timeout,
            DockerExec.DefaultMaxOutputBytes, cancellationToken);
        // nsenter's own complaint, before the program ever ran: a state of the learner's lab, not a failure of the program.
        var missing = netns is not null && result.ExitCode != 0
            && result.Stderr.StartsWith($"nsenter: cannot open /run/netns/{netns}:", StringComparison.Ordinal);
        return new ExecResult(result.TimedOut ? -1 : result.ExitCode, result.Stdout, result.Stderr, result.TimedOut, missing, result.Truncated);
    }

    public Task<INodeProcess> StartAsync(NodeName node, IReadOnlyList<string> argv, string? netns, bool withInput, CancellationToken cancellationToken) =>
        _exec.StartAsync(LabLabels.ContainerName(_session.Value, node.Value), node.Value, Command(node, argv, netns), withInput, cancellationToken);

    private IReadOnlyList<string> Command(NodeName node, IReadOnlyList<string> argv, string? netns)
    {
        if (!_nodes.Contains(node))
        {
            throw new ArgumentException($"Node '{node}' is not part of this session.", nameof(node));
        }
        if (netns is null)
        {
            return argv;
        }
        if (!NetnsName.IsValid(netns))
        {
            throw new ArgumentException($"'{netns}' is not a valid network namespace name.", nameof(netns));
        }
        // Not `ip netns exec`: it remounts /sys, which an unprivileged node may not do. Programs here only need the netns.
        return ["nsenter", $"--net=/run/netns/{netns}", .. argv];
    }
}
