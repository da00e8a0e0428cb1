using System.Diagnostics;
using NetAcademy.Labs.Tests.Support;

namespace NetAcademy.Labs.Tests.Reliability;

/// <summary>
/// Stops and starts this machine's dockerd the way deploy/ensure-docker.sh runs it (that script starts it
/// again, with --userns-remap=default and the host firewall rules, and waits for the socket).
/// </summary>
internal static class DockerDaemon
{
    private const string DefaultPidFile = "/var/run/docker.pid";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>True when the engine answers.</summary>
    public static async Task<bool> AnswersAsync() => (await DockerCli.RunAsync("version", "--format", "{{.Server.Version}}")).ExitCode == 0;

    /// <summary>Sends SIGTERM to dockerd and waits until the process has exited.</summary>
    /// <exception cref="InvalidOperationException">There is no dockerd, or it did not exit in time.</exception>
    public static async Task StopAsync()
    {
        // The default engine's own pid file: other engines (the test matrix's, in their own root file systems) may
        // run beside it, and `pidof dockerd` would name any of them.
        var pidText = File.Exists(DefaultPidFile) ? await File.ReadAllTextAsync(DefaultPidFile) : "";
        if (!int.TryParse(pidText.Trim(), out var id) || !Directory.Exists($"/proc/{id}"))
        {
            throw new InvalidOperationException($"No dockerd process to stop: {DefaultPidFile} holds '{pidText.Trim()}'.");
        }
        var kill = await RunAsync("kill", "-TERM", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {id} failed: {kill.Output}");
        }
        var clock = Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{id}"))
        {
            if (clock.Elapsed > Limit)
            {
                throw new InvalidOperationException($"dockerd {id} did not exit within {Limit.TotalSeconds} s of SIGTERM.");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Starts dockerd through deploy/ensure-docker.sh (a no-op when it already answers).</summary>
    /// <exception cref="InvalidOperationException">The engine did not come back.</exception>
    public static async Task EnsureRunningAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "deploy", "ensure-docker.sh");
        var result = await RunAsync("bash", script);
        if (result.ExitCode != 0 || !await AnswersAsync())
        {
            throw new InvalidOperationException($"The Docker engine did not come back ({script} exited {result.ExitCode}):\n{result.Output}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetAcademy.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("NetAcademy.sln not found above the test assembly.");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit + Limit);
        await process.WaitForExitAsync(timeout.Token);
        // ensure-docker.sh sends dockerd's output to its log file, so the pipes close when the script ends.
        var output = await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(10));
        return (process.ExitCode, output[0] + output[1]);
    }
}
