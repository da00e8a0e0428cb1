using System.Diagnostics;
using System.Text;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>
/// Keystroke round trips on an interactive bash: send one printable character, stop the clock when the shell's
/// echo of it comes back. The line is cleared (Ctrl-U) every so often, untimed, so readline never redraws a long line.
/// </summary>
internal static class EchoProbe
{
    private const string Keys = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>Waits for output containing <paramref name="marker"/> (e.g. the prompt); returns what was read.</summary>
    public static async Task<string> WaitForAsync(IEchoTerminal terminal, string marker, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var seen = new StringBuilder();
        try
        {
            while (!seen.ToString().Contains(marker, StringComparison.Ordinal))
            {
                var chunk = await terminal.ReadAsync(limit.Token) ?? throw new InvalidOperationException($"The terminal ended before '{marker}': {seen}");
                seen.Append(chunk);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"No '{marker}' within {timeout.TotalSeconds} s; the terminal showed: {seen}");
        }
        return seen.ToString();
    }

    /// <summary>Clears the line and waits until the shell is quiet, so the next echo is the only output.</summary>
    public static async Task ResetLineAsync(IEchoTerminal terminal, CancellationToken ct)
    {
        await terminal.SendAsync("\u0015", ct);
        await DrainAsync(terminal, TimeSpan.FromMilliseconds(50), ct);
    }

    /// <summary>Reads until nothing arrives for <paramref name="quiet"/>.</summary>
    public static async Task DrainAsync(IEchoTerminal terminal, TimeSpan quiet, CancellationToken ct)
    {
        while (true)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            idle.CancelAfter(quiet);
            try
            {
                if (await terminal.ReadAsync(idle.Token) is null)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One timed round trip of key number <paramref name="index"/>, in milliseconds.</summary>
    public static async Task<double> RoundTripAsync(IEchoTerminal terminal, int index, CancellationToken ct)
    {
        if (index % 40 == 0)
        {
            await ResetLineAsync(terminal, ct);
        }
        var key = Keys[index % Keys.Length].ToString();
        var clock = Stopwatch.StartNew();
        // Not awaited before reading: the echo may come back before the send's own acknowledgement.
        var send = terminal.SendAsync(key, ct).AsTask();
        while (true)
        {
            var chunk = await terminal.ReadAsync(ct) ?? throw new InvalidOperationException("The terminal ended during a round trip.");
            if (chunk.Contains(key, StringComparison.Ordinal))
            {
                break;
            }
        }
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await send;
        return elapsed;
    }
}
