namespace NetAcademy.Testing.Docker;

/// <summary>The docker CLI as an independent witness of what the runtime did (arguments as argv, never a shell string).</summary>
public static class DockerCli
{
    /// <summary>Runs docker and returns (exit code, stdout followed by stderr).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunCoreAsync(args);
        return (code, stdout + stderr);
    }

    /// <summary>Lines of a docker listing (stdout only, so an error message is never taken for a name).</summary>
    public static async Task<IReadOnlyList<string>> LinesAsync(params string[] args) =>
        (await RunCoreAsync(args)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunCoreAsync(string[] args) =>
        Host.HostProgram.RunAsync("docker", args);

    /// <summary>Containers and networks carrying the session's label.</summary>
    public static async Task<(int Containers, int Networks)> CountSessionAsync(string session) =>
        ((await LinesAsync("ps", "-aq", "--filter", $"label=netacademy.session={session}")).Count,
         (await LinesAsync("network", "ls", "-q", "--filter", $"label=netacademy.session={session}")).Count);

    /// <summary>Volumes carrying the session's label (a warm pool's claim record).</summary>
    public static async Task<int> CountSessionVolumesAsync(string session) =>
        (await LinesAsync("volume", "ls", "-q", "--filter", $"label=netacademy.session={session}")).Count;

    /// <summary>Removes everything of an instance (a safety net for failed tests).</summary>
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
        foreach (var id in await LinesAsync("volume", "ls", "-q", "--filter", $"label=netacademy.instance={instance}"))
        {
            await RunAsync("volume", "rm", "-f", id);
        }
    }
}
