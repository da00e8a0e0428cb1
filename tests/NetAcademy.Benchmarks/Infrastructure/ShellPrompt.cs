using System.Diagnostics;
using System.Text;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>The first prompt of a login shell, the end of every start benchmark's clock: through the runtime's terminal or `docker exec -it`.</summary>
internal static class ShellPrompt
{
    /// <summary>Reads the terminal until root's prompt (<c># </c>) arrives.</summary>
    public static async Task ReadUntilPromptAsync(INodeTerminal terminal, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("# ", StringComparison.Ordinal))
        {
            var n = await terminal.ReadAsync(buffer, ct);
            if (n == 0)
            {
                throw new InvalidOperationException($"The shell ended before its prompt: {seen}");
            }
            seen.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
    }

    /// <summary>
    /// Opens <c>docker exec -it CONTAINER bash -l</c> under script(1) for a pseudo-terminal, as at the host's shell, and
    /// returns once its prompt arrived, with the time that took from <paramref name="clock"/>; the shell is then left.
    /// </summary>
    public static async Task<double> DockerExecToPromptAsync(string container, Stopwatch clock, CancellationToken ct)
    {
        var info = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-qfc", $"docker exec -it -e TERM=xterm-256color -w /root {container} /bin/bash -l", "/dev/null" })
        {
            info.ArgumentList.Add(arg);
        }
        using var shell = Process.Start(info)!;
        var seen = new StringBuilder();
        var buffer = new char[4096];
        while (!seen.ToString().Contains("# ", StringComparison.Ordinal))
        {
            var n = await shell.StandardOutput.ReadAsync(buffer, ct);
            if (n == 0)
            {
                throw new InvalidOperationException($"docker exec ended before the prompt: {seen}");
            }
            seen.Append(buffer, 0, n);
        }
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await shell.StandardInput.WriteAsync("exit\n");
        await shell.StandardInput.FlushAsync(ct);
        await shell.WaitForExitAsync(ct);
        return elapsed;
    }

    /// <summary>Removes the containers, then the networks, carrying <paramref name="label"/> (KEY=VALUE).</summary>
    public static async Task RemoveLabelledAsync(string label)
    {
        foreach (var container in await Cli.LinesAsync("docker", ["ps", "-aq", "--filter", $"label={label}"], CancellationToken.None))
        {
            await Cli.RunAsync("docker", ["rm", "-f", container], CancellationToken.None);
        }
        foreach (var network in await Cli.LinesAsync("docker", ["network", "ls", "-q", "--filter", $"label={label}"], CancellationToken.None))
        {
            await Cli.RunAsync("docker", ["network", "rm", network], CancellationToken.None);
        }
    }
}
