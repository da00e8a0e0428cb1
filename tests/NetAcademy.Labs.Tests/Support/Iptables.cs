using System.Diagnostics;

namespace NetAcademy.Labs.Tests.Support;

/// <summary>iptables or ip6tables on this host, for tests that take a host rule away and put it back.</summary>
public static class Iptables
{
    /// <summary>Runs <paramref name="tool"/> with <paramref name="args"/> (waiting for the xtables lock); exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-w");
        info.ArgumentList.Add("5");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
