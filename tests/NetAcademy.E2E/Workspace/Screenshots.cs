using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Workspace;

/// <summary>
/// Takes the README's screenshots of the real content: the catalog, a lesson, and the workspace with the veth lab
/// built (terminal output, the graph with both namespaces and the veth pair, captured pings in the packet table).
/// With <c>NETACADEMY_SCREENSHOTS=1</c> they are written to docs/screenshots/; otherwise to a temporary folder
/// that is removed afterwards, so the walk-through still runs as a test:
/// <c>NETACADEMY_SCREENSHOTS=1 dotnet test tests/NetAcademy.E2E --filter FullyQualifiedName~Screenshots</c>.
/// </summary>
public sealed class Screenshots : IClassFixture<BrowserFixture>
{
    private const int Width = 1440;
    private const int Height = 900;

    private readonly BrowserFixture _fixture;

    public Screenshots(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Capture_CatalogLessonAndWorkspace_WritesCommitReadyPngs()
    {
        var publish = Environment.GetEnvironmentVariable("NETACADEMY_SCREENSHOTS") == "1";
        var folder = publish
            ? Path.Combine(RepositoryPaths.Root, "docs", "screenshots")
            : Directory.CreateTempSubdirectory("netacademy-screenshots-").FullName;
        Directory.CreateDirectory(folder);
        var page = await _fixture.NewPageAsync();
        await page.SetViewportSizeAsync(Width, Height);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light, ReducedMotion = ReducedMotion.Reduce });
        var started = false;
        try
        {
            await page.GotoAsync("/");
            await Expect(page.Locator("li.card").First).ToBeVisibleAsync();
            await ShootAsync(page, folder, "catalog.png");

            await page.GotoAsync("/?q=" + Uri.EscapeDataString("vxlan"));
            await Expect(page.Locator("li.result").First).ToBeVisibleAsync();
            await ShootAsync(page, folder, "search.png");

            await page.GotoAsync("/courses/linux-networking/veth-pairs");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lab: Network namespaces and veth pairs" })).ToBeVisibleAsync();
            await ShootAsync(page, folder, "lesson.png");

            await page.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
            started = true;
            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
            await Expect(page.Locator("[data-role=graph]")).ToHaveAttributeAsync("data-live", "true", new() { Timeout = 30_000 });
            var terminal = new TerminalDriver(page, "host1");
            await terminal.WaitForAsync(new Regex(@"root@host1:.*#"));

            // Build the lab's network the way the lesson says, so the graph has something to show.
            await terminal.RunAsync("ip netns add red && ip netns add blue");
            await terminal.RunAsync("ip link add veth-red type veth peer name veth-blue && ip link set veth-red netns red && ip link set veth-blue netns blue");
            await terminal.RunAsync("ip -n red addr add 10.0.0.1/24 dev veth-red && ip -n blue addr add 10.0.0.2/24 dev veth-blue");
            await terminal.RunAsync("ip -n red link set veth-red up && ip -n blue link set veth-blue up");
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-role=graph-list] li')].some(li => li.textContent.includes('veth peer'))", null, new() { Timeout = 30_000 });

            var packets = page.Locator("[data-role=packets]");
            await packets.GetByLabel("Node").SelectOptionAsync("host1");
            await packets.GetByLabel("Namespace").FillAsync("red");
            await packets.GetByLabel("Interface").FillAsync("veth-red");
            await packets.GetByLabel("Filter").FillAsync("icmp");
            await packets.GetByRole(AriaRole.Button, new() { Name = "Start capture" }).ClickAsync();
            await Expect(packets.Locator("[data-role=capture-status]")).ToContainTextAsync("Capturing on host1");
            await terminal.RunAsync("clear; ip -br -n red addr; ip netns exec red ping -c 3 10.0.0.2");
            await terminal.WaitForAsync(new Regex(@"3 packets transmitted, 3 received"));
            await Expect(packets.Locator("tbody tr", new() { HasTextString = "ICMP echo reply" })).ToHaveCountAsync(3, new() { Timeout = 20_000 });
            // A narrower lesson and a wider packet table than the defaults, set the way the drag handles do.
            await page.EvaluateAsync("async () => { const { layoutOf } = await import('/js/layout.js'); const layout = layoutOf(document.getElementById('workspace')); layout.set('lesson', 32); layout.set('insight', 44); }");
            await Task.Delay(300);
            await page.Locator("[data-role=graph]").GetByRole(AriaRole.Button, new() { Name = "Fit" }).ClickAsync();
            await page.Locator(".lesson-pane").EvaluateAsync("pane => { const h = [...pane.querySelectorAll('h2')].find(x => x.textContent.includes('Lay the cable')); if (h) pane.scrollTop = h.offsetTop - 60; }");
            await page.Mouse.MoveAsync(0, Height - 1);
            await Task.Delay(800);
            await ShootAsync(page, folder, "workspace.png");

            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark, ReducedMotion = ReducedMotion.Reduce });
            await Task.Delay(800);
            await ShootAsync(page, folder, "workspace-dark.png");
        }
        finally
        {
            if (started)
            {
                await LabPage.PressStopAsync(page);
                await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
            }
            if (!publish)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task ShootAsync(IPage page, string folder, string name)
    {
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new() { Path = path, Type = ScreenshotType.Png });
        // A real PNG of the window's size, with some content (a blank page compresses to a few kB).
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{name} is not a PNG");
        Assert.Equal(Width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(Height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        Assert.True(bytes.Length > 20_000, $"{name} is only {bytes.Length} bytes: is the page blank?");
    }
}
