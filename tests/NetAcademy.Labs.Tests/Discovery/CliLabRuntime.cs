using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Docker;
using NetAcademy.Labs.Runtime;

namespace NetAcademy.Labs.Tests.Discovery;

/// <summary>
/// A test-only <see cref="ILabRuntime"/> that makes a session's networks and containers with the docker CLI, under
/// the runtime's deterministic names (<see cref="LabLabels"/>) so the platform's own Docker code (graph monitors,
/// session network reader) finds them, but labelled <c>netacademy.test=1</c> and <c>netacademy.session</c> so a
/// test run's leftovers are recognisable and removed by <see cref="RemoveAllAsync"/>. Nodes get NET_ADMIN, NET_RAW
/// and SYS_ADMIN (for <c>ip netns</c>) on internal networks only.
/// </summary>
public sealed class CliLabRuntime : ILabRuntime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly HashSet<SessionId> _sessions = [];
    private readonly DockerLabRuntime _shells;

    /// <summary>Creates the runtime; shells go through <paramref name="docker"/>.</summary>
    public CliLabRuntime(DockerClient docker) =>
        _shells = new DockerLabRuntime(docker, Options.Create(new LabsOptions()), NullLogger<DockerLabRuntime>.Instance);

    /// <inheritdoc />
    public async Task StartAsync(SessionSpec spec, IProgress<StartProgress> progress, CancellationToken cancellationToken)
    {
        lock (_sessions)
        {
            _sessions.Add(spec.Session);
        }

        var sid = spec.Session.Value;
        string[] labels = ["--label", "netacademy.test=1", "--label", "netacademy.session=" + sid];
        foreach (var network in spec.Lab.Networks)
        {
            await DockerAsync(["network", "create", "--internal", .. labels, "--subnet", network.Subnet, LabLabels.NetworkName(sid, network.Name.Value)], cancellationToken);
        }

        foreach (var node in spec.Lab.Nodes)
        {
            var name = LabLabels.ContainerName(sid, node.Name.Value);
            var attachments = spec.Lab.Networks.SelectMany(n => n.Attachments.Where(a => a.Node == node.Name).Select(a => (Network: n, Attachment: a))).ToList();
            var first = attachments.FirstOrDefault();
            List<string> run = ["run", "-d", "--init", "--name", name, "--hostname", node.Name.Value, .. labels,
                "--cap-drop", "ALL", "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", "--cap-add", "SYS_ADMIN",
                "--network", first.Network is null ? "none" : LabLabels.NetworkName(sid, first.Network.Name.Value)];
            if (first.Attachment?.Address is { } address)
            {
                run.AddRange(["--ip", address]);
            }

            await DockerAsync([.. run, "netacademy/base:latest", "sleep", "infinity"], cancellationToken);
            foreach (var (network, attachment) in attachments.Skip(1))
            {
                List<string> connect = ["network", "connect"];
                if (attachment.Address is { } ip)
                {
                    connect.AddRange(["--ip", ip]);
                }

                await DockerAsync([.. connect, LabLabels.NetworkName(sid, network.Name.Value), name], cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(SessionId session, CancellationToken cancellationToken) => await RemoveSessionAsync(session.Value);

    /// <inheritdoc />
    public Task<IReadOnlyList<RuntimeSessionInfo>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RuntimeSessionInfo>>([]);

    /// <summary>The platform's own exec path (the Engine API client), as in production.</summary>
    public INodeShell GetShell(SessionId session, IReadOnlyCollection<NodeName> nodes) => _shells.GetShell(session, nodes);

    /// <inheritdoc />
    public Task<INodeTerminal> OpenTerminalAsync(SessionId session, NodeName node, TerminalSize size, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The graph tests need no terminal.");

    /// <summary>Removes everything of every session this runtime started (also on test failure).</summary>
    public async Task RemoveAllAsync()
    {
        List<SessionId> sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }

        foreach (var session in sessions)
        {
            await RemoveSessionAsync(session.Value);
        }
    }

    private static async Task RemoveSessionAsync(string session)
    {
        var filter = "label=netacademy.session=" + session;
        var (_, containers, _, _) = await DockerCliNodeShell.DockerAsync(["ps", "-aq", "--filter", filter], Timeout, CancellationToken.None);
        foreach (var id in containers.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await DockerCliNodeShell.DockerAsync(["rm", "-f", id], Timeout, CancellationToken.None);
        }

        var (_, networks, _, _) = await DockerCliNodeShell.DockerAsync(["network", "ls", "-q", "--filter", filter], Timeout, CancellationToken.None);
        foreach (var id in networks.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await DockerCliNodeShell.DockerAsync(["network", "rm", id], Timeout, CancellationToken.None);
        }
    }

    private static async Task DockerAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (code, _, stderr, timedOut) = await DockerCliNodeShell.DockerAsync(args, Timeout, cancellationToken);
        if (code != 0 || timedOut)
        {
            throw new LabStartException("start", $"docker {string.Join(' ', args)} failed ({code}): {stderr}");
        }
    }
}
