using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Discovery;

/// <summary>
/// One discovery pass over a running session: reads links, addresses, routes, bridge ports (and their VLANs) and namespaces in
/// every node and builds the <see cref="InterfaceGraph"/>. At most two execs per node: one for the node's own
/// namespace (which also lists the named ones), one for all named namespaces. A node that cannot be read
/// becomes an error diagnostic in the graph; the pass itself only fails when cancelled. Output is bounded by
/// <see cref="ExecResult.MaxOutputBytes"/> per exec: a node whose <c>ip</c> prints more (the learner is root and can
/// replace it) gets one error diagnostic saying so, and the sections read before the bound.
/// </summary>
public sealed class InterfaceDiscovery
{
    private readonly INodeShell _shell;
    private readonly InterfaceDiscoveryOptions _options;

    /// <summary>Creates a discovery over the nodes reachable through <paramref name="shell"/>.</summary>
    public InterfaceDiscovery(INodeShell shell, InterfaceDiscoveryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(shell);
        _shell = shell;
        _options = options ?? new InterfaceDiscoveryOptions();
    }

    /// <summary>Reads every node and builds the graph.</summary>
    /// <param name="nodes">The session's nodes.</param>
    /// <param name="networks">The session networks (from the container runtime) joining the nodes.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <exception cref="OperationCanceledException">The pass was cancelled.</exception>
    public async Task<InterfaceGraph> DiscoverAsync(IReadOnlyList<NodeName> nodes, IReadOnlyList<SessionNetworkInfo> networks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var perNode = new IReadOnlyList<NamespaceSnapshot>[nodes.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, nodes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelNodes), CancellationToken = cancellationToken },
            async (i, ct) => perNode[i] = await ReadNodeAsync(nodes[i], ct));
        return InterfaceGraphBuilder.Build(perNode.SelectMany(s => s), networks ?? []);
    }

    /// <summary>The snapshots of one node: its own namespace first, then each named namespace.</summary>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public async Task<IReadOnlyList<NamespaceSnapshot>> ReadNodeAsync(NodeName node, CancellationToken cancellationToken)
    {
        var (rootOutput, rootError) = await RunAsync(node, ["sh", "-c", DiscoveryScripts.Root], cancellationToken);
        var root = DiscoveryScripts.Sections(rootOutput);
        var snapshots = new List<NamespaceSnapshot> { Snapshot(node, null, root, "", rootError) };

        var names = DiscoveryScripts.NetnsNames(root.GetValueOrDefault("netns"));
        var valid = names.Where(NetnsName.IsValid).Take(_options.MaxNamespacesPerNode).ToList();

        // An invalid name is passed on without data, so the builder reports it; it never reaches a command line.
        snapshots.AddRange(names.Where(n => !NetnsName.IsValid(n)).Select(n => new NamespaceSnapshot(node, n, null, null, null)));
        if (names.Count(NetnsName.IsValid) > valid.Count)
        {
            snapshots[0] = snapshots[0] with
            {
                CollectionError = $"{names.Count(NetnsName.IsValid)} namespaces; only the first {valid.Count} are shown",
            };
        }

        if (valid.Count > 0)
        {
            var (nsOutput, nsError) = await RunAsync(node, ["sh", "-c", DiscoveryScripts.Namespaces, "sh", .. valid], cancellationToken);
            var sections = DiscoveryScripts.Sections(nsOutput);
            snapshots.AddRange(valid.Select(ns => Snapshot(node, ns, sections, ns + ":", nsError)));
        }

        return snapshots;
    }

    private static NamespaceSnapshot Snapshot(NodeName node, string? netns, Dictionary<string, string> sections, string prefix, string? execError)
    {
        string? Get(string name) => sections.GetValueOrDefault(prefix + name);
        var error = execError;
        if (error is null && !sections.ContainsKey(prefix + "end"))
        {
            error = "the output ended early (truncated, or the namespace went away while it was read)";
        }

        return new NamespaceSnapshot(node, netns, Get("link"), Get("addr"), Get("route"), Get("route6"), Get("bridge"), Get("netns-ids"), Get("bridge-vlan"), error);
    }

    private async Task<(string Output, string? Error)> RunAsync(NodeName node, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _shell.RunAsync(node, argv, null, _options.ExecTimeout, cancellationToken);
            if (result.OutputExceeded)
            {
                // The section the bound cut is dropped, so the graph shows this message, not a JSON error about half a document.
                var cut = result.Stdout.LastIndexOf("\n" + DiscoveryScripts.Marker, StringComparison.Ordinal);
                return (cut < 0 ? "" : result.Stdout[..cut],
                    $"{node}'s `ip` printed more than {ExecResult.MaxOutputText}; the graph stopped reading it and shows only what came before");
            }

            return result.TimedOut
                ? (result.Stdout, $"reading {node} timed out after {_options.ExecTimeout.TotalSeconds:0.#} s")
                : (result.Stdout, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return ("", $"could not read {node}: {e.Message}");
        }
    }
}
