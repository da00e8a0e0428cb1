using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Testing.Runtime;

namespace NetAcademy.Grading.Tests.Support;

/// <summary>An <see cref="INodeShell"/> that answers from scripted rules and records every call.</summary>
public sealed class FakeNodeShell : INodeShell
{
    private readonly List<(Func<ShellCall, bool> When, Func<ShellCall, ExecResult> Then)> _rules = [];
    private readonly List<(Func<ShellCall, bool> When, Func<ShellCall, FakeNodeProcess> Then)> _starts = [];

    /// <summary>Every call, in order.</summary>
    public List<ShellCall> Calls { get; } = [];

    /// <summary>Answers calls whose argv starts with <paramref name="program"/>.</summary>
    public FakeNodeShell On(string program, ExecResult result) => On(c => c.Argv[0] == program, _ => result);

    /// <summary>Answers calls matching <paramref name="when"/>; later rules win over earlier ones.</summary>
    public FakeNodeShell On(Func<ShellCall, bool> when, Func<ShellCall, ExecResult> then)
    {
        _rules.Insert(0, (when, then));
        return this;
    }

    /// <summary>Streams <paramref name="then"/>'s output for started programs matching <paramref name="when"/>; later rules win.</summary>
    public FakeNodeShell OnStart(Func<ShellCall, bool> when, Func<ShellCall, FakeNodeProcess> then)
    {
        _starts.Insert(0, (when, then));
        return this;
    }

    /// <inheritdoc />
    public Task<INodeProcess> StartAsync(NodeName node, IReadOnlyList<string> argv, string? netns, bool withInput, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var call = new ShellCall(node, argv.ToArray(), netns, System.Threading.Timeout.InfiniteTimeSpan);
        Calls.Add(call);
        foreach (var (when, then) in _starts)
        {
            if (when(call))
            {
                return Task.FromResult<INodeProcess>(then(call));
            }
        }

        throw new InvalidOperationException($"No scripted stream for `{string.Join(' ', argv)}` on {node}.");
    }

    /// <inheritdoc />
    public Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var call = new ShellCall(node, argv.ToArray(), netns, timeout);
        Calls.Add(call);
        foreach (var (when, then) in _rules)
        {
            if (when(call))
            {
                return Task.FromResult(then(call));
            }
        }

        throw new InvalidOperationException($"No scripted answer for `{string.Join(' ', argv)}` on {node}.");
    }

    /// <summary>A successful run printing <paramref name="stdout"/>.</summary>
    public static ExecResult Ok(string stdout = "", string stderr = "") => new(0, stdout, stderr, false);

    /// <summary>A run that exited with <paramref name="code"/>.</summary>
    public static ExecResult Exit(int code, string stdout = "", string stderr = "") => new(code, stdout, stderr, false);

    /// <summary>A run that hit its timeout.</summary>
    public static ExecResult Timeout() => new(-1, "", "", true);

    /// <summary>What the platform's shell returns when the namespace to run in does not exist.</summary>
    public static ExecResult NoNetns(string netns) => new(1, "", $"nsenter: cannot open /run/netns/{netns}: No such file or directory\n", false, NetnsMissing: true);
}

/// <summary>One recorded call of <see cref="FakeNodeShell"/>.</summary>
public sealed record ShellCall(NodeName Node, string[] Argv, string? Netns, TimeSpan Timeout);
