using NetAcademy.Core.Graph;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Grading.Checks;

/// <summary>
/// What checks are evaluated against: the lab, a shell into the session's nodes and a way to read the live
/// interface graph. Use one context per grading pass: the graph is read at most once per context, so several
/// state checks of one task see the same snapshot. Thread-safe.
/// </summary>
public sealed class GradingContext
{
    private readonly Func<CancellationToken, Task<InterfaceGraph>> _graphProvider;
    private readonly SemaphoreSlim _graphLock = new(1, 1);
    private InterfaceGraph? _graph;

    /// <summary>Creates a context.</summary>
    /// <param name="lab">The lab the session runs.</param>
    /// <param name="shell">Runs programs in the session's nodes.</param>
    /// <param name="graphProvider">Reads the session's live interface graph (the caller decides how: discovery, a tracker's last graph).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public GradingContext(Lab lab, INodeShell shell, Func<CancellationToken, Task<InterfaceGraph>> graphProvider)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(graphProvider);
        Lab = lab;
        Shell = shell;
        _graphProvider = graphProvider;
    }

    /// <summary>The lab the session runs.</summary>
    public Lab Lab { get; }

    /// <summary>Runs programs in the session's nodes.</summary>
    public INodeShell Shell { get; }

    /// <summary>The live interface graph, read on first use and then kept for this context's lifetime.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<InterfaceGraph> GetGraphAsync(CancellationToken cancellationToken)
    {
        if (_graph is { } cached)
        {
            return cached;
        }

        await _graphLock.WaitAsync(cancellationToken);
        try
        {
            return _graph ??= await _graphProvider(cancellationToken);
        }
        finally
        {
            _graphLock.Release();
        }
    }
}
