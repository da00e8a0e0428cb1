using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.Benchmarks.Infrastructure;
using NetAcademy.Content.Labs;

namespace NetAcademy.Benchmarks.LabStart;

/// <summary>
/// <c>lab-start-warm-browser [runs=10] [labs=a,b] [pool=1] [section=NAME]</c>: Start to the first prompt as a learner sees it, with a warm
/// pool and without. Two servers run at once on loopback, one with <c>Labs:Pools:LAB=pool</c> for each lab and one without
/// (the same-run baseline). Each run of each lab measures four starts, alternating between the servers: (a) Playwright
/// with headless /usr/bin/chromium on the lesson page, from the click on Start lab to the first node's prompt visible in
/// its xterm terminal; (b) a hub client, from the Start form's post (with the GET of the lesson page for its form token)
/// through the redirect to the workspace, the hub's Watch until Ready and the first node's Terminal stream to its prompt.
/// Before every counted start the pooled server's pool of the lab is full again (read from its admin API, not timed),
/// so every pooled start claims a ready warm session and the refill does not run under a measured start. Each learner
/// is a new guest and stops its lab after its start (not timed). One uncounted warm-up of each kind first.
/// </summary>
public static partial class LabStartWarmBrowserBenchmark
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] DefaultLabs = ["veth-pairs", "vxlan-overlay", "kubernetes-pod-networking"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    // A browser start whose page shows no prompt within this is recorded and its run done again (at most MaxStuck
    // times in all), so one stuck page does not end the benchmark; the report says how many there were.
    private static readonly TimeSpan PromptTimeout = TimeSpan.FromSeconds(60);
    private const int MaxStuck = 3;

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = new BenchArgs(args);
        var runs = options.Int("runs", 10);
        var poolSize = options.Int("pool", 1);
        // A run over other labs or fewer runs can write a section of its own, so the full table stays.
        var report = options.Text("section", "lab-start-warm-browser");
        var labIds = options.Text("labs", string.Join(',', DefaultLabs)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!File.Exists(Chromium))
        {
            Console.Error.WriteLine($"{Chromium} is not installed (deploy/setup.sh --with-test-tools).");
            return 2;
        }
        var machine = await MachineInfo.DescribeAsync(ct);
        var commit = await MachineInfo.CommitAsync(ct);
        var labs = labIds.Select(id => FindLesson(id) ?? throw new InvalidOperationException($"No lesson of content/ starts the lab {id}.")).ToList();

        var adminPassword = "bench-" + Guid.NewGuid().ToString("n");
        var pooledSettings = new Dictionary<string, string>
        {
            ["Accounts__BootstrapAdmin__UserName"] = "bench-admin",
            ["Accounts__BootstrapAdmin__Password"] = adminPassword,
            ["Accounts__FormPostsPerMinute"] = "100000",
            ["Labs__PoolFillInterval"] = "00:00:01",
            ["Labs__PoolMemoryBudgetMiB"] = "16384",
        };
        foreach (var lab in labs)
        {
            pooledSettings[$"Labs__Pools__{lab.Lab}"] = poolSize.ToString(CultureInfo.InvariantCulture);
        }
        var coldSettings = new Dictionary<string, string> { ["Accounts__FormPostsPerMinute"] = "100000" };
        foreach (var lab in labs)
        {
            coldSettings[$"Labs__Pools__{lab.Lab}"] = "0";
        }

        var pooledInstance = "bench-" + Guid.NewGuid().ToString("n")[..8];
        var coldInstance = "bench-" + Guid.NewGuid().ToString("n")[..8];
        var rows = new List<IReadOnlyList<string>>();
        var stuck = new List<string>();
        var pageRows = new List<IReadOnlyList<string>>();
        try
        {
            await using var pooled = await GuestServer.StartAsync(pooledInstance, pooledSettings, ct);
            await using var cold = await GuestServer.StartAsync(coldInstance, coldSettings, ct);
            using var admin = await AdminClient.SignInAsync(pooled.BaseAddress, "bench-admin", adminPassword, ct);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
            });
            foreach (var lab in labs)
            {
                var load = MachineInfo.LoadAverage();
                Console.Error.WriteLine($"[{MachineInfo.Uptime()}] {lab.Lab}: load {load}");
                var warmBrowser = new Samples("warm browser");
                var coldBrowser = new Samples("cold browser");
                var warmHub = new Samples("warm hub");
                var coldHub = new Samples("cold hub");
                var claimed = 0;
                var warmPage = PageSamples();
                var coldPage = PageSamples();
                var coldClaimed = 0;
                for (var i = -1; i < runs; i++)
                {
                    await admin.WaitForPoolAsync(lab.Lab, poolSize, ct);
                    var warmStart = await BrowserStartAsync(browser, pooled.BaseAddress, lab, ct);
                    await admin.WaitForPoolAsync(lab.Lab, poolSize, ct);
                    var coldStart = warmStart is null ? null : await BrowserStartAsync(browser, cold.BaseAddress, lab, ct);
                    if (warmStart is not { } a || coldStart is not { } b)
                    {
                        stuck.Add($"{lab.Lab}, run {i + 1}, {(warmStart is null ? "warm" : "cold")}");
                        if (stuck.Count > MaxStuck)
                        {
                            throw new InvalidOperationException($"More than {MaxStuck} browser starts showed no prompt within {PromptTimeout.TotalSeconds} s: {string.Join("; ", stuck)}.");
                        }
                        i--;
                        continue;
                    }
                    await admin.WaitForPoolAsync(lab.Lab, poolSize, ct);
                    var c = await HubStartAsync(pooled.BaseAddress, lab, ct);
                    await admin.WaitForPoolAsync(lab.Lab, poolSize, ct);
                    var d = await HubStartAsync(cold.BaseAddress, lab, ct);
                    if (i >= 0)
                    {
                        warmBrowser.Add(a.Elapsed);
                        coldBrowser.Add(b.Elapsed);
                        warmHub.Add(c.Elapsed);
                        coldHub.Add(d.Elapsed);
                        claimed += (a.Claimed ? 1 : 0) + (c.Claimed ? 1 : 0);
                        AddPage(warmPage, a.Page);
                        AddPage(coldPage, b.Page);
                        coldClaimed += (b.Claimed ? 1 : 0) + (d.Claimed ? 1 : 0);
                        Console.Error.WriteLine(FormattableString.Invariant(
                            $"  {i + 1}/{runs}: browser warm {a.Elapsed:0} (claimed {a.Claimed}) cold {b.Elapsed:0}; hub warm {c.Elapsed:0} (claimed {c.Claimed}) cold {d.Elapsed:0} ms"));
                    }
                }
                rows.Add([lab.Lab, load, lab.Node, "browser (Playwright)",
                    $"{Samples.Format(warmBrowser.Median)} / {Samples.Format(warmBrowser.P95)}",
                    $"{Samples.Format(coldBrowser.Median)} / {Samples.Format(coldBrowser.P95)}",
                    $"{Samples.Ratio(warmBrowser.Median, coldBrowser.Median)} / {Samples.Ratio(warmBrowser.P95, coldBrowser.P95)}",
                    Verdict(warmBrowser), $"{claimed} of {2 * runs} / {coldClaimed}"]);
                pageRows.Add([lab.Lab, "warm", .. warmPage.Select(p => Samples.Format(p.Median))]);
                pageRows.Add([lab.Lab, "cold", .. coldPage.Select(p => Samples.Format(p.Median))]);
                rows.Add([lab.Lab, "", lab.Node, "hub client",
                    $"{Samples.Format(warmHub.Median)} / {Samples.Format(warmHub.P95)}",
                    $"{Samples.Format(coldHub.Median)} / {Samples.Format(coldHub.P95)}",
                    $"{Samples.Ratio(warmHub.Median, coldHub.Median)} / {Samples.Ratio(warmHub.P95, coldHub.P95)}",
                    Verdict(warmHub), ""]);
            }
        }
        finally
        {
            await ShellPrompt.RemoveLabelledAsync($"netacademy.instance={pooledInstance}");
            await ShellPrompt.RemoveLabelledAsync($"netacademy.instance={coldInstance}");
            foreach (var volume in await Cli.LinesAsync("docker", ["volume", "ls", "-q", "--filter", $"label=netacademy.instance={pooledInstance}"], CancellationToken.None))
            {
                await Cli.RunAsync("docker", ["volume", "rm", "-f", volume], CancellationToken.None);
            }
        }

        var section = new StringBuilder();
        section.AppendLine(CultureInfo.InvariantCulture, $"## {report}: click to prompt with a warm pool, from the browser and from the hub");
        section.AppendLine();
        section.AppendLine("```");
        section.AppendLine("dotnet run --project tests/NetAcademy.Benchmarks -c Release -- lab-start-warm-browser [runs=10] [labs=a,b] [pool=1] [section=NAME]");
        section.AppendLine("```");
        section.AppendLine();
        section.AppendLine("Two servers run at once on loopback: one keeps a warm pool of `pool` sessions of each lab (`Labs:Pools:LAB`), the other");
        section.AppendLine("none (the same-run baseline, a cold start). Each run alternates four starts between them, each by a new guest:");
        section.AppendLine("**browser**: Playwright drives headless /usr/bin/chromium on the lesson page, the clock runs from the click on Start lab");
        section.AppendLine("to the first node's prompt (`root@NODE:...#`) visible in its xterm terminal (polled every animation frame); **hub**: a");
        section.AppendLine("client posts the Start form (after a GET of the lesson page for its form token, timed too), follows the redirect to");
        section.AppendLine("the workspace, calls `Watch` on `/hubs/workspace` until the session is Ready and reads the first node's `Terminal`");
        section.AppendLine("stream to its prompt. Before every start the pooled server's pool is full again (its admin API, not timed), so each");
        section.AppendLine("pooled start claims a ready session and no refill runs under a measured start; each lab is stopped after its start");
        section.AppendLine("(not timed). One uncounted warm-up of each kind first. Target for labs with a pool: p50 ≤ 0.3 s and p95 ≤ 0.5 s.");
        section.AppendLine();
        section.AppendLine(CultureInfo.InvariantCulture, $"Run: {machine}; commit {commit}; {runs} counted starts of each kind per lab; pool of {poolSize}.");
        section.AppendLine();
        if (stuck.Count > 0)
        {
            section.AppendLine(CultureInfo.InvariantCulture, $"{stuck.Count} browser start(s) showed no prompt within {PromptTimeout.TotalSeconds} s and their run was done again: {string.Join("; ", stuck)} (what each page showed is on the run's stderr).");
            section.AppendLine();
        }
        section.AppendLine("Click to first prompt (ms, p50 / p95):");
        section.AppendLine();
        section.Append(ReportFile.Table(["lab", "load average at the lab's first start", "terminal", "measured from", "warm (pool)", "cold (no pool, same run)", "warm ÷ cold", "target p50 ≤ 300, p95 ≤ 500", "starts that claimed a warm session: pooled / cold server"], rows));
        section.AppendLine();
        section.AppendLine("Where the browser's time goes (p50, ms from the start of the navigation the click began, by the workspace page's own");
        section.AppendLine("clock: the Start post, its redirect and the workspace HTML; the page's DOMContentLoaded and load; then the marks");
        section.AppendLine("js/workspace.js sets: the terminal island mounted, its hub connection up, the Terminal stream asked for, its first");
        section.AppendLine("output; then the prompt seen):");
        section.AppendLine();
        section.Append(ReportFile.Table(["lab", "start", "workspace HTML received", "DOMContentLoaded", "load", "island mounted", "hub connected", "stream asked", "first output", "prompt visible"], pageRows));
        Console.WriteLine(section);
        await ReportFile.WriteSectionAsync(report, section.ToString(), ct);
        return 0;
    }

    private static Samples[] PageSamples() => [.. PageMarks.Prepend("load").Prepend("dcl").Prepend("html").Append("prompt").Select(n => new Samples(n))];

    private static void AddPage(Samples[] samples, PageTimes page)
    {
        double[] values = [page.Html, page.DomContentLoaded, page.Load, .. page.Marks, page.Prompt];
        for (var i = 0; i < samples.Length; i++)
        {
            // A mark the page did not set (not reached before the prompt) is left out of its column.
            if (values[i] >= 0)
            {
                samples[i].Add(values[i]);
            }
        }
    }

    // The steps js/workspace.js marks on the page's timeline (performance.mark 'netacademy:STEP'), in their order.
    private static readonly string[] PageMarks = ["terminal-mounted", "hub-connected", "terminal-stream", "terminal-output"];

    private static string Verdict(Samples warm) =>
        (warm.Median <= 300, warm.P95 <= 500) switch
        {
            (true, true) => "met",
            (true, false) => "p50 met, p95 missed",
            (false, true) => "p50 missed, p95 met",
            _ => "missed",
        };

    /// <summary>A lab, the lesson page that starts it and the node whose terminal the workspace opens first.</summary>
    private sealed record LessonOfLab(string Lab, string LessonPath, string Node);

    private static LessonOfLab? FindLesson(string labId)
    {
        var lab = LabLoader.Load(Path.Combine(RepositoryPaths.Root, "labs", labId), Path.Combine(RepositoryPaths.Root, "deploy", "images"), CancellationToken.None).Lab
            ?? throw new InvalidOperationException($"The lab {labId} does not load.");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "content"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (File.ReadLines(file).Take(20).Any(line => line.Trim() == $"lab: {labId}"))
            {
                var course = Path.GetFileName(Path.GetDirectoryName(file)!);
                return new LessonOfLab(labId, $"/courses/{course}/{Path.GetFileNameWithoutExtension(file)}", lab.Nodes[0].Name.Value);
            }
        }
        return null;
    }

    /// <summary>Opens the lesson in a new browser context (a new guest), clicks Start lab and times it to the first prompt.</summary>
    private static async Task<(double Elapsed, bool Claimed, PageTimes Page)?> BrowserStartAsync(IBrowser browser, Uri server, LessonOfLab lab, CancellationToken ct)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            BaseURL = server.ToString(),
        });
        var page = await context.NewPageAsync();
        // The page's errors, printed with what it showed when no prompt came.
        var errors = new List<string>();
        page.PageError += (_, error) => { lock (errors) { errors.Add(error); } };
        page.Console += (_, message) => { if (message.Type is "error" or "warning") { lock (errors) { errors.Add(message.Text); } } };
        await page.GotoAsync(lab.LessonPath);
        var start = page.GetByRole(AriaRole.Button, new() { Name = "Start lab" });
        await start.WaitForAsync();
        // The prompt test runs in the page on every animation frame; it is tried again when the form's navigation
        // replaces the document under it.
        var prompt = $$"""() => { const rows = document.querySelector('.terminal-pane[data-node="{{lab.Node}}"] .xterm-rows'); return !!rows && /root@{{lab.Node}}:[^\n]*#/.test(rows.innerText) && performance.now(); }""";
        var clock = Stopwatch.StartNew();
        await start.ClickAsync();
        await page.WaitForURLAsync(new Regex("/lab$"), new() { WaitUntil = WaitUntilState.Commit, Timeout = (float)StartTimeout.TotalMilliseconds });
        IJSHandle seen;
        while (true)
        {
            try
            {
                seen = await page.WaitForFunctionAsync(prompt, null, new() { PollingInterval = null, Timeout = (float)PromptTimeout.TotalMilliseconds });
                break;
            }
            catch (PlaywrightException ex) when (ex.Message.Contains("context was destroyed", StringComparison.OrdinalIgnoreCase) && clock.Elapsed < StartTimeout)
            {
            }
            catch (TimeoutException)
            {
                // Say what the page showed instead of its prompt: the workspace's state, its connection, the marks it reached.
                var shown = await page.EvaluateAsync<string>($$"""names => { const w = document.getElementById('workspace'); const rows = document.querySelector('.terminal-pane[data-node="{{lab.Node}}"] .xterm-rows'); return JSON.stringify({ url: location.href, readyState: document.readyState, attachScript: !!document.querySelector('script[src*="workspace-attach"]'), resources: performance.getEntriesByType('resource').map(r => r.name.replace(/^.*\//, '') + '@' + Math.round(r.startTime) + '-' + Math.round(r.responseEnd)).join(' '), state: w?.dataset.state, connection: w?.dataset.connection, island: w?.dataset.island, attached: document.querySelector('.terminal-pane[data-node="{{lab.Node}}"]')?.dataset.attached ?? null, marks: names.map(n => performance.getEntriesByName('netacademy:' + n, 'mark')[0]?.startTime ?? null), rows: rows?.innerText ?? null }); }""", PageMarks);
                string said;
                lock (errors) { said = string.Join(" | ", errors); }
                Console.Error.WriteLine($"  no prompt of {lab.Node} within {PromptTimeout.TotalSeconds} s on {server} (the run is done again): {shown}; the page's errors: {said}");
                return null;
            }
        }
        var elapsed = clock.Elapsed.TotalMilliseconds;
        // Where the time went, from the workspace document's own clock (its origin is the navigation the click began;
        // the form's same-origin redirect is part of it).
        var navigation = await page.EvaluateAsync<double[]>("() => { const n = performance.getEntriesByType('navigation')[0]; return [n.responseEnd, n.domContentLoadedEventEnd, n.loadEventEnd]; }");
        var marks = await page.EvaluateAsync<double[]>("names => names.map(n => performance.getEntriesByName('netacademy:' + n, 'mark')[0]?.startTime ?? -1)", PageMarks);
        var breakdown = new PageTimes(navigation[0], navigation[1], navigation[2], marks, await seen.JsonValueAsync<double>());
        var session = await page.Locator("#workspace").GetAttributeAsync("data-session-id") ?? throw new InvalidOperationException("The workspace has no session id.");
        var claimed = await WasClaimedAsync(session);
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop lab" }).ClickAsync();
        await page.Locator("[data-role=confirm][data-confirm=stop]").GetByRole(AriaRole.Button, new() { Name = "Yes, stop it" }).ClickAsync();
        await page.Locator("#workspace[data-state=Stopped]").WaitForAsync(new() { Timeout = 60_000 });
        return (elapsed, claimed, breakdown);
    }

    /// <summary>Milliseconds from the start of the navigation to: the workspace HTML received, DOMContentLoaded, load, each of
    /// <see cref="PageMarks"/> (-1 when not set), the prompt seen.</summary>
    private sealed record PageTimes(double Html, double DomContentLoaded, double Load, double[] Marks, double Prompt);

    /// <summary>A new guest through the Start form and the hub, timed from the form to the first prompt on the Terminal stream.</summary>
    private static async Task<(double Elapsed, bool Claimed)> HubStartAsync(Uri server, LessonOfLab lab, CancellationToken ct)
    {
        await using var learner = WebLearner.Create(server);
        var clock = Stopwatch.StartNew();
        var session = await learner.StartLabAsync(lab.LessonPath, ct);
        await learner.ConnectAsync(ct);
        await learner.WaitForStateAsync("Ready", StartTimeout, ct);
        await using (var terminal = await learner.OpenTerminalAsync(lab.Node, ct))
        {
            var seen = new StringBuilder();
            while (!Prompt().IsMatch(seen.ToString()))
            {
                seen.Append(await terminal.ReadAsync(ct) ?? throw new InvalidOperationException($"The terminal of {lab.Node} ended before its prompt: {seen}"));
            }
        }
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var claimed = await WasClaimedAsync(session);
        await learner.InvokeAsync("Stop", [session], ct);
        await learner.WaitForStateAsync("Stopped", TimeSpan.FromMinutes(1), ct);
        return (elapsed, claimed);
    }

    // A warm session given to a learner carries the engine's record of the claim (a volume); a cold start has none.
    private static async Task<bool> WasClaimedAsync(string session) =>
        (await Cli.LinesAsync("docker", ["volume", "ls", "-q", "--filter", $"name={NetAcademy.Labs.Runtime.Docker.LabLabels.ClaimVolumeName(session)}"], CancellationToken.None)).Count > 0;

    [GeneratedRegex(@"root@[a-z0-9-]+:[^\n]*# ")]
    private static partial Regex Prompt();

    /// <summary>The bootstrap admin of the pooled server, reading its pools through /api/admin/pools.</summary>
    private sealed partial class AdminClient : IDisposable
    {
        private readonly HttpClient _http;

        private AdminClient(HttpClient http) => _http = http;

        public static async Task<AdminClient> SignInAsync(Uri server, string user, string password, CancellationToken ct)
        {
            var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = server };
            var page = await http.GetStringAsync("/account/signin", ct);
            var fields = HiddenInput().Matches(page).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
            fields["Input.UserName"] = user;
            fields["Input.Password"] = password;
            using var post = await http.PostAsync("/account/signin", new FormUrlEncodedContent(fields), ct);
            if (post.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
            {
                throw new InvalidOperationException($"The admin's sign-in answered {(int)post.StatusCode}.");
            }
            return new AdminClient(http);
        }

        /// <summary>Waits until the lab's pool holds <paramref name="size"/> ready warm sessions.</summary>
        public async Task WaitForPoolAsync(string lab, int size, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var state = await _http.GetFromJsonAsync<JsonElement>("/api/admin/pools", ct);
                var pool = state.GetProperty("labs").EnumerateArray().FirstOrDefault(l => l.GetProperty("lab").GetString() == lab);
                if (pool.ValueKind == JsonValueKind.Object && pool.GetProperty("ready").GetInt32() >= size)
                {
                    return;
                }
                if (clock.Elapsed > StartTimeout)
                {
                    throw new TimeoutException($"The pool of {lab} did not fill within {StartTimeout.TotalMinutes} min: {state}");
                }
                await Task.Delay(50, ct);
            }
        }

        public void Dispose() => _http.Dispose();

        [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
        private static partial Regex HiddenInput();
    }
}
