using System.Diagnostics;

namespace NetAcademy.E2E.Infrastructure;

/// <summary>What the engine holds for one server instance, through the docker CLI (an independent view).</summary>
public static class DockerLeftovers
{
    /// <summary>Names of containers labelled with the instance.</summary>
    public static Task<IReadOnlyList<string>> ContainersAsync(string instance) =>
        ListAsync(["ps", "-a", "--filter", $"label=netacademy.instance={instance}", "--format", "{{.Names}}"]);

    /// <summary>Names of networks labelled with the instance.</summary>
    public static Task<IReadOnlyList<string>> NetworksAsync(string instance) =>
        ListAsync(["network", "ls", "--filter", $"label=netacademy.instance={instance}", "--format", "{{.Name}}"]);

    /// <summary>Removes everything labelled with the instance (safety net after a failed test).</summary>
    public static async Task RemoveAllAsync(string instance)
    {
        foreach (var container in await ContainersAsync(instance))
        {
            await ListAsync(["rm", "-f", container]);
        }
        foreach (var network in await NetworksAsync(instance))
        {
            await ListAsync(["network", "rm", network]);
        }
    }

    private static async Task<IReadOnlyList<string>> ListAsync(string[] args)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
