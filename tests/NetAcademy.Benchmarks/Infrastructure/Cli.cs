using System.Diagnostics;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>Runs a command line tool to completion (docker, tshark, git) and returns its exit code and output.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string file, IReadOnlyList<string> args, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a command that must succeed; returns its output lines.</summary>
    public static async Task<IReadOnlyList<string>> LinesAsync(string file, IReadOnlyList<string> args, CancellationToken ct)
    {
        var result = await RunAsync(file, args, ct);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {result.ExitCode}: {result.Stderr}");
        }
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
