using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using NetAcademy.Benchmarks.Infrastructure;

namespace NetAcademy.Benchmarks.LessonPages;

/// <summary>
/// <c>lesson-pages [seconds=10] [concurrency=8] [runs=3]</c>: requests per second and time to first byte of a lesson
/// page (server-rendered Markdown, lab box, layout) from a bounded closed loop of HTTP/1.1 keep-alive clients on
/// loopback, against <c>/healthz</c> (the pipeline with no page) measured the same way in the same run.
/// </summary>
public static class LessonPageBenchmark
{
    private const string Lesson = "courses/linux-networking/veth-pairs";
    private const int MaxRequestsPerRun = 500_000;

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = new BenchArgs(args);
        var seconds = options.Int("seconds", 10);
        var concurrency = options.Int("concurrency", 8);
        var runs = options.Int("runs", 3);
        var instance = "bench-pages-" + Guid.NewGuid().ToString("n")[..6];
        var machine = await MachineInfo.DescribeAsync(ct);
        var targets = new[] { new Target("/healthz", "healthz"), new Target("lesson page", Lesson) };
        // Default settings (no guests): an anonymous reader gets the page and no identity, as on a real server.
        await using (var server = await ServerProcess.StartAsync(instance, ct: ct))
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false })
            {
                BaseAddress = server.BaseAddress,
            };
            var meter = new ProcessMeter(server.Pid);
            foreach (var target in targets)
            {
                // Warm-up: JIT, Markdown cache, connection pool.
                await LoadAsync(http, target.Path, concurrency, TimeSpan.FromSeconds(2), null, null, ct);
                target.Bytes = (await http.GetByteArrayAsync(target.Path, ct)).Length;
            }
            for (var r = 0; r < runs; r++)
            {
                foreach (var target in targets)
                {
                    var before = meter.Read();
                    var count = await LoadAsync(http, target.Path, concurrency, TimeSpan.FromSeconds(seconds), target.Ttfb, target.Full, ct);
                    var after = meter.Read();
                    target.Rates.Add(count / (after.At - before.At).TotalSeconds);
                    target.ServerCpuMsPerRequest.Add((after.CpuSeconds - before.CpuSeconds) * 1000 / count);
                    Console.Error.WriteLine($"[{MachineInfo.Uptime()}] run {r + 1} {target.Name}: {target.Rates.Max:0} req/s, TTFB p50 {Samples.Format(target.Ttfb.Median)} ms");
                }
            }
        }
        await DockerLeaks.RemoveAsync(instance, ct);

        var health = targets[0];
        var rows = targets.Select(t => (IReadOnlyList<string>)[
            t.Name, t.Bytes.ToString("N0", CultureInfo.InvariantCulture),
            $"{Samples.Format(t.Rates.Median)} / {Samples.Format(t.Rates.Min)}",
            $"{Samples.Format(t.Ttfb.Median)} / {Samples.Format(t.Ttfb.P95)} / {Samples.Format(t.Ttfb.P99)}",
            $"{Samples.Format(t.Full.Median)} / {Samples.Format(t.Full.P95)}",
            $"{Samples.Ratio(t.Rates.Median, health.Rates.Median)} / {Samples.Ratio(t.Ttfb.Median, health.Ttfb.Median)}",
            Samples.Format(t.ServerCpuMsPerRequest.Median),
        ]);
        var section = new StringBuilder()
            .AppendLine("## lesson-pages: requests per second and time to first byte")
            .AppendLine()
            .AppendLine("```")
            .AppendLine($"dotnet run --project tests/NetAcademy.Benchmarks -c Release -- lesson-pages {options}".TrimEnd())
            .AppendLine("```")
            .AppendLine()
            .AppendLine($"Machine: {machine}. Server: {Path.GetRelativePath(RepositoryPaths.Root, RepositoryPaths.WebDll)} on loopback, commit {await MachineInfo.CommitAsync(ct)}.")
            .AppendLine()
            .AppendLine($"{concurrency} keep-alive HTTP/1.1 clients (`HttpClient`, in the benchmark process, sharing the 2 cores with the server) " +
                $"request the page in a closed loop for {seconds} s, {runs} runs alternating with the baseline `/healthz` " +
                "(routing, middleware, a 2-byte text body: the floor of any request), after a 2 s warm-up of each. The lesson page is " +
                $"`/{Lesson}` as an anonymous reader sees it (no identity cookie). TTFB is from sending the request to the response " +
                "headers (`ResponseHeadersRead`); full is until the body is read. Server CPU per request is from /proc/PID/stat over each run.")
            .AppendLine()
            .Append(ReportFile.Table(["path", "body bytes", "req/s median / worst run", "TTFB p50 / p95 / p99 ms", "full p50 / p95 ms",
                "vs /healthz (req/s / TTFB p50)", "server CPU ms per request"], rows));
        Console.WriteLine(section);
        await ReportFile.WriteSectionAsync("lesson-pages", section.ToString(), ct);
        return 0;
    }

    private sealed class Target(string name, string path)
    {
        public string Name { get; } = name;
        public string Path { get; } = path;
        public int Bytes { get; set; }
        public Samples Rates { get; } = new("req/s");
        public Samples Ttfb { get; } = new("ttfb");
        public Samples Full { get; } = new("full");
        public Samples ServerCpuMsPerRequest { get; } = new("cpu");
    }

    /// <summary>A closed loop of <paramref name="concurrency"/> clients for <paramref name="duration"/>; returns the requests completed.</summary>
    private static async Task<int> LoadAsync(HttpClient http, string path, int concurrency, TimeSpan duration, Samples? ttfb, Samples? full, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var total = 0;
        async Task Worker()
        {
            var local = new byte[64 * 1024];
            while (deadline.Elapsed < duration && Volatile.Read(ref total) < MaxRequestsPerRun)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
                var headers = clock.Elapsed.TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
                }
                await using (var body = await response.Content.ReadAsStreamAsync(ct))
                {
                    while (await body.ReadAsync(local, ct) > 0)
                    {
                    }
                }
                ttfb?.Add(headers);
                full?.Add(clock.Elapsed.TotalMilliseconds);
                Interlocked.Increment(ref total);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker, ct)));
        return total;
    }
}
