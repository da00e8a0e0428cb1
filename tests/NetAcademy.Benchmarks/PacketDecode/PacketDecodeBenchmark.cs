using System.Diagnostics;
using System.Globalization;
using System.Text;
using NetAcademy.Benchmarks.Infrastructure;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Formatting;

namespace NetAcademy.Benchmarks.PacketDecode;

/// <summary>
/// <c>packets [packets=1000000] [runs=5] [tshark-runs=3]</c>: decodes a pcap of mixed real packets with
/// NetAcademy.Packets on one core (file read, record walk, layer decode, and with summary lines), against tshark on
/// the same file, same core, in the same run.
/// </summary>
public static class PacketDecodeBenchmark
{
    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = new BenchArgs(args);
        var packets = options.Int("packets", 1_000_000);
        var runs = options.Int("runs", 5);
        var tsharkRuns = options.Int("tshark-runs", 3);
        var machine = await MachineInfo.DescribeAsync(ct);
        var path = Path.Combine(Path.GetTempPath(), $"netacademy-bench-{Guid.NewGuid():n}.pcap");
        var fixtures = Path.Combine(RepositoryPaths.Root, "tests", "NetAcademy.Packets.Tests", "Fixtures");
        var walk = new Samples("read + walk records");
        var decode = new Samples("read + decode");
        var summary = new Samples("read + decode + summary line");
        var tsharkFields = new Samples("tshark -T fields -e frame.number");
        var tsharkPlain = new Samples("tshark (summary lines)");
        // CPU time actually spent, beside the wall time: on a shared machine the difference is time spent waiting for the core.
        var cpu = new Dictionary<Samples, Samples>();
        void Add(Samples samples, (double Wall, double Cpu) measured)
        {
            samples.Add(measured.Wall);
            (cpu.TryGetValue(samples, out var c) ? c : cpu[samples] = new Samples(samples.Name)).Add(measured.Cpu);
        }
        try
        {
            var source = await MixedCapture.WriteAsync(fixtures, path, packets, ct);
            var fileBytes = new FileInfo(path).Length;
            Console.Error.WriteLine($"[{MachineInfo.Uptime()}] {path}: {packets} packets, {fileBytes / 1048576.0:0.0} MiB, from {source.DistinctFrames} frames of {string.Join(", ", source.Files)}");

            // One core for everything measured: this process is pinned (GC threads included), tshark runs under taskset.
            var pinned = MachineInfo.HasCommand("taskset");
            using var self = Process.GetCurrentProcess();
            self.ProcessorAffinity = 1;
            string[] taskset = pinned ? ["taskset", "-c", "0"] : [];

            // Warm-up: JIT and page cache.
            _ = Measure(path, Mode.Summary, out var sanity);
            var checkedPackets = sanity;
            long layersDecoded = 0;
            for (var r = 0; r < runs; r++)
            {
                Add(walk, Measure(path, Mode.Walk, out _));
                Add(decode, Measure(path, Mode.Decode, out layersDecoded));
                Add(summary, Measure(path, Mode.Summary, out _));
                Console.Error.WriteLine($"[{MachineInfo.Uptime()}] run {r + 1}: walk {walk.Median:0} ms, decode {decode.Median:0} ms ({layersDecoded} layers), summary {summary.Median:0} ms");
            }
            // tshark's start (loading every dissector) is paid by each run and counted; this warms the page cache for it.
            await TimeAsync([.. taskset, "tshark", "-n", "-r", path, "-c", "1000"], ct);
            for (var r = 0; r < tsharkRuns; r++)
            {
                Add(tsharkFields, await TimeAsync([.. taskset, "tshark", "-n", "-r", path, "-T", "fields", "-e", "frame.number"], ct));
                Add(tsharkPlain, await TimeAsync([.. taskset, "tshark", "-n", "-r", path], ct));
                Console.Error.WriteLine($"[{MachineInfo.Uptime()}] tshark run {r + 1}: fields {tsharkFields.Median:0} ms, plain {tsharkPlain.Median:0} ms");
            }
            self.ProcessorAffinity = (1 << Environment.ProcessorCount) - 1;
            var tsharkPackets = await TsharkCountAsync(path, ct);
            if (tsharkPackets != packets || checkedPackets != packets)
            {
                throw new InvalidOperationException($"Packet counts differ: wrote {packets}, decoded {checkedPackets}, tshark read {tsharkPackets}.");
            }

            string Rate(double ms) => (packets / (ms / 1000) / 1e6).ToString("0.00", CultureInfo.InvariantCulture);
            var rows = new List<IReadOnlyList<string>>();
            foreach (var (s, baseline) in new[] { (walk, tsharkFields), (decode, tsharkFields), (summary, tsharkPlain), (tsharkFields, tsharkFields), (tsharkPlain, tsharkPlain) })
            {
                rows.Add([s.Name, s.Count.ToString(CultureInfo.InvariantCulture), Samples.Format(s.Median), Samples.Format(s.P95),
                    $"{Samples.Format(cpu[s].Median)} ({cpu[s].Median / s.Median:0%})", Rate(s.Median), Rate(cpu[s].Median),
                    Samples.Ratio(baseline.Median, s.Median) + $" ({(baseline == tsharkFields ? "fields" : "plain")})"]);
            }
            var decodeRate = packets / (decode.Median / 1000);
            var speedup = tsharkFields.Median / decode.Median;
            var section = new StringBuilder()
                .AppendLine("## packets: decoding a million mixed packets on one core")
                .AppendLine()
                .AppendLine("```")
                .AppendLine($"dotnet run --project tests/NetAcademy.Benchmarks -c Release -- packets {options}".TrimEnd())
                .AppendLine("```")
                .AppendLine()
                .AppendLine($"Machine: {machine}. Commit {await MachineInfo.CommitAsync(ct)}.")
                .AppendLine()
                .AppendLine($"The capture: {packets:N0} packets ({fileBytes / 1048576.0:0.0} MiB, mean frame {source.MeanFrameBytes:0} bytes), the " +
                    $"{source.DistinctFrames} Ethernet records of {string.Join(", ", source.Files)} (the recorded fixtures of " +
                    "NetAcademy.Packets.Tests) repeated round robin across the files, so neighbours differ in protocol: ARP, ICMP, " +
                    "TCP, UDP/DNS, IPv6, fragments, VLAN, VXLAN, GRE, IPIP, Geneve. Each NetAcademy figure includes reading the " +
                    "file (`File.ReadAllBytes`, from the page cache) and walking it with `CaptureBufferReader`; \"decode\" adds " +
                    "`PacketDecoder.Decode` into one reused `LayerStack`; \"summary line\" adds `PacketSummaryFormatter.TryFormat` " +
                    "into a reused buffer (what the packet table shows). The benchmark process is pinned to CPU 0 " +
                    $"(`ProcessorAffinity`), and tshark {TsharkVersion()} runs {(pinned ? "under `taskset -c 0`" : "unpinned (no taskset)")} " +
                    "with `-n` (no name resolution) and its output sent to /dev/null. Both sides were checked to see every packet. " +
                    $"{runs} runs of each NetAcademy mode (after a warm-up), {tsharkRuns} of each tshark mode, in one run.")
                .AppendLine()
                .Append(ReportFile.Table(["mode", "runs", "p50 ms", "p95 ms", "CPU time p50 ms (of wall)", "M packets/s (p50 wall)", "M packets/s per CPU second", "speed-up over tshark (wall p50)"], rows))
                .AppendLine()
                .AppendLine($"Target ≥ 1 M packets/s: {(decodeRate >= 1e6 ? "met" : "missed")} ({decodeRate / 1e6:0.00} M/s decode by the wall clock, " +
                    $"{packets / (cpu[decode].Median / 1000) / 1e6:0.00} M/s per CPU second of this process; " +
                    $"{packets / (summary.Median / 1000) / 1e6:0.00} M/s with summaries). Target ≥ 20× tshark: " +
                    $"{(speedup >= 20 ? "met" : "missed")} ({speedup:0.0}× on decode vs `-T fields`, " +
                    $"{tsharkPlain.Median / summary.Median:0.0}× on summaries vs plain tshark). Packets decoded per run: {checkedPackets:N0}, " +
                    $"{(double)layersDecoded / packets:0.00} layers each on average (Ethernet, VLAN, IP, transport, tunnel and inner layers).");
            Console.WriteLine(section);
            await ReportFile.WriteSectionAsync("packets", section.ToString(), ct);
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private enum Mode
    {
        Walk,
        Decode,
        Summary,
    }

    /// <summary>One pass over the file in the given mode; returns wall and CPU milliseconds and a count (packets with summaries, layers when decoding).</summary>
    private static (double Wall, double Cpu) Measure(string path, Mode mode, out long count)
    {
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var reader = new CaptureBufferReader(File.ReadAllBytes(path));
        var layers = new LayerStack();
        Span<char> line = stackalloc char[512];
        long packets = 0, malformed = 0, chars = 0, layerCount = 0;
        while (reader.TryReadNext(out var record))
        {
            packets++;
            if (mode == Mode.Walk)
            {
                chars += record.CapturedLength;
                continue;
            }
            var frame = record.Data.Span;
            PacketDecoder.Decode(frame, record.LinkType, ref layers);
            layerCount += layers.Count;
            if (layers.IsMalformed)
            {
                malformed++;
            }
            if (mode == Mode.Summary)
            {
                PacketSummaryFormatter.TryFormat(frame, layers, line, out var written);
                chars += written;
            }
        }
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var cpuTime = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds;
        count = mode switch { Mode.Summary => packets, Mode.Decode => layerCount, _ => malformed };
        // Keeps the loop's results observable so nothing is optimised away.
        GC.KeepAlive(chars);
        return (elapsed, cpuTime);
    }

    /// <summary>
    /// Times a command with its output sent to /dev/null, so nothing else competes for its core; its CPU time is
    /// the shell's reaped-children time (cutime + cstime in /proc/PID/stat) after it ended.
    /// </summary>
    private static async Task<(double Wall, double Cpu)> TimeAsync(string[] command, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var result = await Cli.RunAsync("sh", ["-c", "\"$@\" > /dev/null; s=$?; cat /proc/$$/stat; exit $s", "sh", .. command], ct);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited {result.ExitCode}: {result.Stderr}");
        }
        var stat = result.Stdout.Trim();
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return (elapsed, ticks * 10.0);
    }

    /// <summary>How many packets tshark sees in the file (untimed), to check both sides read the same capture.</summary>
    private static async Task<long> TsharkCountAsync(string path, CancellationToken ct)
    {
        var result = await Cli.RunAsync("sh", ["-c", "tshark -n -r \"$1\" -T fields -e frame.number | wc -l", "sh", path], ct);
        return long.Parse(result.Stdout.Trim(), CultureInfo.InvariantCulture);
    }

    private static string TsharkVersion()
    {
        using var process = Process.Start(new ProcessStartInfo("tshark", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var first = process.StandardOutput.ReadLine() ?? "";
        process.WaitForExit();
        return first.Split(' ').ElementAtOrDefault(2) ?? "?";
    }
}
