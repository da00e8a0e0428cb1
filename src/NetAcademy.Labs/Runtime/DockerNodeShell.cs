using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Docker;

namespace NetAcademy.Labs.Runtime;

/// <summary><see cref="INodeShell"/> over non-TTY Docker execs in one session's containers.</summary>
internal sealed class DockerNodeShell : INodeShell
{
    private readonly DockerClient _docker;
    private readonly SessionId _session;
    private readonly IReadOnlyCollection<NodeName> _nodes;

    public DockerNodeShell(DockerClient docker, SessionId session, IReadOnlyCollection<NodeName> nodes)
    {
        _docker = docker;
        _session = session;
        _nodes = nodes;
    }

    public async Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_nodes.Contains(node))
        {
            throw new ArgumentException($"Node '{node}' is not part of this session.", nameof(node));
        }
        if (argv.Count == 0)
        {
            throw new ArgumentException("An empty command cannot run.", nameof(argv));
        }
        IReadOnlyList<string> command = argv;
        if (netns is not null)
        {
            if (!NetnsName.IsValid(netns))
            {
                throw new ArgumentException($"'{netns}' is not a valid network namespace name.", nameof(netns));
            }
            // Not `ip netns exec`: it remounts /sys, which an unprivileged node may not do. Checks only need the netns.
            command = ["nsenter", $"--net=/run/netns/{netns}", .. argv];
        }
        var result = await _docker.Exec.RunAsync(LabLabels.ContainerName(_session.Value, node.Value), command, timeout, cancellationToken);
        // nsenter's own complaint, before the program ever ran: a state of the learner's lab, not a failure of the program.
        var missing = netns is not null && result.ExitCode != 0
            && result.Stderr.StartsWith($"nsenter: cannot open /run/netns/{netns}:", StringComparison.Ordinal);
        return new ExecResult(result.TimedOut ? -1 : result.ExitCode, result.Stdout, result.Stderr, result.TimedOut, missing);
    }
}
