using System.Diagnostics;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>
/// The baseline terminal: <c>docker exec -it CONTAINER bash -l</c> on a pseudo-terminal made by script(1), as a
/// person at the host's shell would open it.
/// </summary>
internal sealed class PtyTerminal : IEchoTerminal
{
    private readonly Process _process;
    private readonly char[] _buffer = new char[16 * 1024];

    private PtyTerminal(Process process) => _process = process;

    public static PtyTerminal Start(string container)
    {
        var info = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        // The outer pty (script's) must not echo keys itself, or the echo measured would never leave this host;
        // docker exec -it sets it raw too, but only once it runs.
        foreach (var arg in new[] { "-qfc", $"stty -echo; docker exec -it -e TERM=xterm-256color -w /root {container} /bin/bash -l", "/dev/null" })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("script did not start.");
        return new PtyTerminal(process);
    }

    public async ValueTask SendAsync(string keys, CancellationToken ct)
    {
        await _process.StandardInput.WriteAsync(keys.AsMemory(), ct);
        await _process.StandardInput.FlushAsync(ct);
    }

    public async ValueTask<string?> ReadAsync(CancellationToken ct)
    {
        var n = await _process.StandardOutput.ReadAsync(_buffer, ct);
        return n == 0 ? null : new string(_buffer, 0, n);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await _process.StandardInput.WriteAsync("\u0015exit\n");
                await _process.StandardInput.FlushAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (IOException)
            {
            }
        }
        _process.Dispose();
    }
}
