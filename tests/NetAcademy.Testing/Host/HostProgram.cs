using System.Diagnostics;

namespace NetAcademy.Testing.Host;

/// <summary>A program on the test machine itself (docker, iptables, ...), run with an argv array and read to its end.</summary>
public static class HostProgram
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="args"/>; exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
