using System.Diagnostics;

namespace NetAcademy.Testing.Server;

/// <summary>The built <c>netacademy</c> command line, run as its own process the way an operator runs it.</summary>
public static class CliProcess
{
    /// <summary>Runs the CLI of the running assembly's configuration; returns its exit code and stdout followed by stderr.</summary>
    public static async Task<(int Code, string Output)> RunAsync(TimeSpan timeout, params string[] args)
    {
        var cli = Path.Combine(RepositoryPaths.Root, "src", "NetAcademy.Cli", "bin", RepositoryPaths.Configuration, "net10.0", "netacademy.dll");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"The CLI is not built: {cli}");
        }
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"netacademy {string.Join(' ', args)} did not end within {timeout.TotalSeconds:0} s");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
