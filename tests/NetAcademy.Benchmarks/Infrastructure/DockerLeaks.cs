namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>What a benchmark's lab instance left on the engine and the host: containers, networks, veth interfaces.</summary>
internal static class DockerLeaks
{
    /// <param name="Containers">Containers labelled with the instance.</param>
    /// <param name="Networks">Networks labelled with the instance.</param>
    /// <param name="HostVeths">
    /// Host veth interfaces not plugged into the bridge of a live network of someone else (another instance, docker0):
    /// ours, or orphans. Others' labs on the same engine come and go during a run, so a plain count would not say whose.
    /// </param>
    /// <param name="AllHostVeths">Every veth interface on the host (<c>ip -o link | grep -c veth</c>).</param>
    public sealed record Count(int Containers, int Networks, int HostVeths, int AllHostVeths = 0)
    {
        public override string ToString() =>
            $"{Containers} container(s), {Networks} network(s), {HostVeths} host veth(s) of ours or orphaned ({AllHostVeths} veths on the host in all)";
    }

    /// <summary>
    /// Counts, and when something looks left counts again up to twice, 2 s apart: a veth of someone else's container
    /// that is starting exists for a moment before it is plugged into its bridge.
    /// </summary>
    public static async Task<Count> CountAsync(string instance, CancellationToken ct)
    {
        await WaitForEngineAsync(TimeSpan.FromMinutes(2), ct);
        var count = await CountOnceAsync(instance, ct);
        for (var i = 0; i < 2 && (count.Containers > 0 || count.Networks > 0 || count.HostVeths > 0); i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            count = await CountOnceAsync(instance, ct);
        }
        return count;
    }

    private static async Task<Count> CountOnceAsync(string instance, CancellationToken ct)
    {
        var containers = await Cli.LinesAsync("docker", ["ps", "-aq", "--filter", $"label=netacademy.instance={instance}"], ct);
        var networks = await Cli.LinesAsync("docker", ["network", "ls", "-q", "--filter", $"label=netacademy.instance={instance}"], ct);
        var foreignBridges = await ForeignBridgesAsync(networks, ct);
        var veths = (await Cli.LinesAsync("ip", ["-o", "link"], ct)).Where(l => l.Contains("veth", StringComparison.Ordinal)).ToList();
        var unaccounted = veths.Count(line =>
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var master = Array.IndexOf(words, "master");
            return master < 0 || master + 1 >= words.Length || !foreignBridges.Contains(words[master + 1]);
        });
        return new Count(containers.Count, networks.Count, unaccounted, veths.Count);
    }

    /// <summary>
    /// Waits until the engine answers (on a shared machine someone may restart dockerd during a run); throws
    /// <see cref="TimeoutException"/> when it does not within <paramref name="timeout"/>.
    /// </summary>
    public static async Task WaitForEngineAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await Cli.RunAsync("docker", ["version", "--format", "{{.Server.Version}}"], ct)).ExitCode != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Docker engine did not answer within {timeout.TotalSeconds} s.");
            }
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
    }

    /// <summary>Bridge interface names of every live Docker network except the instance's own.</summary>
    private static async Task<HashSet<string>> ForeignBridgesAsync(IReadOnlyList<string> ours, CancellationToken ct)
    {
        var bridges = new HashSet<string>(StringComparer.Ordinal) { "docker0" };
        var all = await Cli.LinesAsync("docker", ["network", "ls", "-q", "--filter", "driver=bridge", "--no-trunc"], ct);
        var foreign = all.Where(id => !ours.Any(o => id.StartsWith(o, StringComparison.Ordinal))).ToList();
        if (foreign.Count == 0)
        {
            return bridges;
        }
        var result = await Cli.RunAsync("docker", ["network", "inspect", "-f", "{{.Id}} {{index .Options \"com.docker.network.bridge.name\"}}", .. foreign], ct);
        // A network removed between the two calls makes inspect fail for it alone; the others still print.
        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            bridges.Add(parts.Length > 1 && parts[1].Length > 0 && parts[1] != "<no value>" ? parts[1] : "br-" + parts[0][..12]);
        }
        return bridges;
    }

    /// <summary>Force-removes everything labelled with the instance (after a failed or interrupted run).</summary>
    public static async Task RemoveAsync(string instance, CancellationToken ct)
    {
        await WaitForEngineAsync(TimeSpan.FromMinutes(2), ct);
        foreach (var container in await Cli.LinesAsync("docker", ["ps", "-aq", "--filter", $"label=netacademy.instance={instance}"], ct))
        {
            await Cli.RunAsync("docker", ["rm", "-f", container], ct);
        }
        foreach (var network in await Cli.LinesAsync("docker", ["network", "ls", "-q", "--filter", $"label=netacademy.instance={instance}"], ct))
        {
            await Cli.RunAsync("docker", ["network", "rm", network], ct);
        }
    }
}
