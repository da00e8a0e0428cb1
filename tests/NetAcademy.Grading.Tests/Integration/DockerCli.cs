using System.Diagnostics;

namespace NetAcademy.Grading.Tests.Integration;

/// <summary>The docker CLI, for cleaning up by label after the tests (arguments as argv, never a shell string).</summary>
public static class DockerCli
{
    /// <summary>Runs docker and returns (exit code, stdout and stderr).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>Lines of a docker listing.</summary>
    public static async Task<IReadOnlyList<string>> LinesAsync(params string[] args) =>
        (await RunAsync(args)).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Removes every container and network carrying the instance label.</summary>
    public static async Task RemoveInstanceAsync(string instance)
    {
        foreach (var id in await LinesAsync("ps", "-aq", "--filter", $"label=netacademy.instance={instance}"))
        {
            await RunAsync("rm", "-f", id);
        }

        foreach (var id in await LinesAsync("network", "ls", "-q", "--filter", $"label=netacademy.instance={instance}"))
        {
            await RunAsync("network", "rm", id);
        }
    }
}
