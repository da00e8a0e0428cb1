using NetAcademy.Labs.Tests.Support;
using NetAcademy.Testing.Server;

namespace NetAcademy.Labs.Tests.Reliability;

/// <summary>
/// <c>netacademy doctor</c> against the engine under test: it reports remap, the host firewall, the node log and the
/// node disk limits, and exits non-zero when one is missing. Runs in the engine-restart collection: it deletes a host
/// rule that every other lab relies on, and puts it back however the test ends.
/// </summary>
[Collection(DockerDaemonCollection.Name)]
public sealed class DoctorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly string[] NoTrack = ["PREROUTING", "-t", "raw", "-i", "nab+", "-j", "NOTRACK"];

    [Fact]
    public async Task Doctor_ReportsEachLimitAndFailsWhenAHostRuleIsMissing()
    {
        var endpoint = Testing.Runtime.TestRuntime.Endpoint;
        var (ready, report) = await CliProcess.RunAsync(Timeout, "doctor", "--root", RepositoryPaths.Root, "--docker", endpoint, "--instance", "doctor-test");

        Assert.True(ready == 0, report);
        Assert.Contains("ok    userns-remap is on", report, StringComparison.Ordinal);
        Assert.Contains("ok    the host firewall keeps lab bridges", report, StringComparison.Ordinal);
        Assert.Contains("ok    node disk: a throwaway node's root is read-only and its writable folders stop at their limit", report, StringComparison.Ordinal);
        Assert.Contains("node console: the runtime keeps no engine log for nodes", report, StringComparison.Ordinal);

        Assert.Equal(0, (await Iptables.RunAsync("iptables", ["-D", .. NoTrack])).ExitCode);
        try
        {
            var (missing, refusal) = await CliProcess.RunAsync(Timeout, "doctor", "--root", RepositoryPaths.Root, "--docker", endpoint, "--instance", "doctor-test");

            Assert.True(missing != 0, refusal);
            Assert.Contains("FAIL  host firewall rules missing", refusal, StringComparison.Ordinal);
            Assert.Contains("iptables PREROUTING -t raw -i nab+ -j NOTRACK", refusal, StringComparison.Ordinal);
        }
        finally
        {
            if ((await Iptables.RunAsync("iptables", ["-C", .. NoTrack])).ExitCode != 0)
            {
                await Iptables.RunAsync("iptables", ["-I", .. NoTrack]);
            }
        }
        Assert.Empty(await DockerCli.LinesAsync("ps", "-aq", "--filter", "label=netacademy.instance=doctor-test"));
    }
}
