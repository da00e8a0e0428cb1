using NetAcademy.Testing.Host;

namespace NetAcademy.Labs.Tests.Support;

/// <summary>iptables or ip6tables on this host, for tests that take a host rule away and put it back.</summary>
public static class Iptables
{
    /// <summary>Runs <paramref name="tool"/> with <paramref name="args"/> (waiting for the xtables lock); exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, string[] args)
    {
        var (exitCode, stdout, stderr) = await HostProgram.RunAsync(tool, ["-w", "5", .. args]);
        return (exitCode, stdout + stderr);
    }
}
