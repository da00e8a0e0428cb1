using System.Diagnostics;
using System.Text;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Tests.Discovery;

/// <summary>
/// A test-only <see cref="INodeShell"/> over the docker CLI (<c>docker exec</c> with an argv array, never a shell
/// string), so discovery can be tested against real containers independently of the runtime's own shell.
/// Named namespaces are entered with nsenter, which works in user-namespaced containers where <c>ip netns exec</c> does not.
/// </summary>
public sealed class DockerCliNodeShell(IReadOnlyDictionary<NodeName, string> containers) : INodeShell
{
    /// <summary>Streamed processes are not part of what this fake serves.</summary>
    public Task<INodeProcess> StartAsync(NodeName node, IReadOnlyList<string> argv, string? netns, bool withInput, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This fake shell runs programs to their end only.");

    /// <inheritdoc />
    public async Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!containers.TryGetValue(node, out var container))
        {
            throw new ArgumentException($"{node} is not a node of this session.", nameof(node));
        }

        if (netns is not null && !NetnsName.IsValid(netns))
        {
            throw new ArgumentException($"'{netns}' is not a valid network namespace name.", nameof(netns));
        }

        var args = new List<string> { "exec", container };
        if (netns is not null)
        {
            args.AddRange(["nsenter", "--net=/run/netns/" + netns]);
        }

        args.AddRange(argv);
        var (code, stdout, stderr, timedOut) = await DockerAsync(args, timeout, cancellationToken);
        return new ExecResult(timedOut ? -1 : code, stdout, stderr, timedOut);
    }

    /// <summary>Runs the docker CLI with <paramref name="args"/> and returns exit code, stdout, stderr and whether it timed out.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr, bool TimedOut)> DockerAsync(IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("docker")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("docker could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return (-1, await stdout, await stderr, true);
        }

        return (process.ExitCode, await stdout, await stderr, false);
    }
}
