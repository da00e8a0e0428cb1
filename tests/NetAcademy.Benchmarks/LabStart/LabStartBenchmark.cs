using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Benchmarks.Infrastructure;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs;
using NetAcademy.Labs.Runtime;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Testing.Runtime;

namespace NetAcademy.Benchmarks.LabStart;

/// <summary>
/// <c>lab-start [runs]</c>: time from Start to a shell prompt for a two-node lab (cached images), through
/// <see cref="DockerLabRuntime"/>, against the same network and containers made with the raw docker CLI
/// in the same run (runs alternate, so drift in the machine's load hits both alike). Prints p50/p95 and
/// the ratio.
/// </summary>
public static class LabStartBenchmark
{
    private const string Image = "netacademy/base:latest";

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        // "runs=20" like the other benchmarks (and as BENCHMARKS.md shows it); a bare "20" still works.
        var runs = args.Length == 0 ? 20 : int.Parse(args[0].StartsWith("runs=", StringComparison.Ordinal) ? args[0][5..] : args[0], CultureInfo.InvariantCulture);
        var instance = "bench-" + Guid.NewGuid().ToString("n")[..8];
        using var docker = TestRuntime.CreateEngine();
        var version = await docker.GetStatusAsync(ct);
        var runtime = new DockerLabRuntime(docker, Options.Create(new LabsOptions { Instance = instance }), NullLogger<DockerLabRuntime>.Instance);
        var lab = TwoNodeLab();
        var platform = new List<double>();
        var cli = new List<double>();
        try
        {
            // One warm-up of each, not counted: first exec and first network create pay one-off costs.
            await RuntimeOnceAsync(runtime, lab, ct);
            await CliOnceAsync(instance, ct);
            for (var i = 0; i < runs; i++)
            {
                platform.Add(await RuntimeOnceAsync(runtime, lab, ct));
                cli.Add(await CliOnceAsync(instance, ct));
                Console.Error.Write($"\r{i + 1}/{runs}");
            }
            Console.Error.WriteLine();
        }
        finally
        {
            await RemoveInstanceAsync(instance);
            // The lab's (empty) directory of files to copy into nodes.
            Directory.Delete(lab.Directory, recursive: true);
        }
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        Console.WriteLine($"machine: {Environment.ProcessorCount} CPU ({cpu}), kernel {version.KernelVersion}, Docker {version.EngineVersion} (API {version.ApiVersion}), .NET {Environment.Version}");
        Console.WriteLine($"lab-start, two nodes on one internal network, {runs} runs each, Start to shell prompt:");
        Console.WriteLine($"  DockerLabRuntime  p50 {Percentile(platform, 50),6:0} ms   p95 {Percentile(platform, 95),6:0} ms   min {platform.Min(),6:0} ms");
        Console.WriteLine($"  docker CLI        p50 {Percentile(cli, 50),6:0} ms   p95 {Percentile(cli, 95),6:0} ms   min {cli.Min(),6:0} ms");
        Console.WriteLine($"  ratio runtime/CLI p50 {Percentile(platform, 50) / Percentile(cli, 50):0.00}   p95 {Percentile(platform, 95) / Percentile(cli, 95):0.00}");
        return 0;
    }

    private static async Task<double> RuntimeOnceAsync(DockerLabRuntime runtime, Lab lab, CancellationToken ct)
    {
        var session = SessionId.New();
        try
        {
            var clock = Stopwatch.StartNew();
            await runtime.StartAsync(new SessionSpec(session, "bench", lab), new Progress<StartProgress>(), ct);
            await using var terminal = await runtime.OpenTerminalAsync(session, new NodeName("a"), new TerminalSize(80, 24), ct);
            await ShellPrompt.ReadUntilPromptAsync(terminal, ct);
            return clock.Elapsed.TotalMilliseconds;
        }
        finally
        {
            await runtime.StopAsync(session, CancellationToken.None);
        }
    }

    // The same objects the runtime makes (internal network without a host address, two confined nodes),
    // then an interactive login shell through `docker exec -it` under script(1) for a pseudo-terminal.
    private static async Task<double> CliOnceAsync(string instance, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("n")[..10];
        string[] labels = ["--label", "netacademy.test=1", "--label", $"netacademy.session=bench-{id}", "--label", $"netacademy.instance={instance}"];
        var network = $"bench-{id}";
        try
        {
            var clock = Stopwatch.StartNew();
            await DockerAsync(["network", "create", "--internal", "--driver", "bridge", "--subnet", "10.124.0.0/24", ..labels,
                "-o", $"com.docker.network.bridge.name=nab{id[..8]}zz", "-o", "com.docker.network.bridge.inhibit_ipv4=true",
                "-o", "com.docker.network.bridge.enable_ip_masquerade=false", network], ct);
            foreach (var (node, address) in new[] { ("a", "10.124.0.2"), ("b", "10.124.0.3") })
            {
                await DockerAsync(["run", "-d", "--name", $"{network}-{node}", "--hostname", node, ..labels, "--network", network, "--ip", address,
                    "--cap-drop", "ALL", "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", "--security-opt", "no-new-privileges",
                    "--memory", "128m", "--memory-swap", "128m", "--cpus", "0.5", "--pids-limit", "64", "--init", "-w", "/root",
                    Image, "sleep", "infinity"], ct);
            }
            var elapsed = await ShellPrompt.DockerExecToPromptAsync($"{network}-a", clock, ct);
            return elapsed;
        }
        finally
        {
            await RemoveInstanceAsync(instance, $"netacademy.session=bench-{id}");
        }
    }

    private static Lab TwoNodeLab()
    {
        var dir = Directory.CreateTempSubdirectory("netacademy-bench-").FullName;
        LabNode Node(string name) => new(new NodeName(name), "base", LabNode.DefaultCapabilities, 128, 0.5, 64,
            new Dictionary<string, string>(), new Dictionary<string, string>(), [], name, []);
        var network = new LabNetwork(new NetworkName("lan"), "10.123.0.0/24",
            [new NetworkAttachment(new NodeName("a"), "eth0", "10.123.0.2"), new NetworkAttachment(new NodeName("b"), "eth0", "10.123.0.3")]);
        return new Lab(new LabId("bench-two-nodes"), "Benchmark", "two nodes", [Node("a"), Node("b")], [network], [], [], LabLimits.Default, dir);
    }

    private static Task RemoveInstanceAsync(string instance, string? label = null) =>
        ShellPrompt.RemoveLabelledAsync(label ?? $"netacademy.instance={instance}");

    private static Task DockerAsync(IReadOnlyList<string> args, CancellationToken ct) => Cli.LinesAsync("docker", args, ct);

    private static double Percentile(List<double> values, int percent)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
