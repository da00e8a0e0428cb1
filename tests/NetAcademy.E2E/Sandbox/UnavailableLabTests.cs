using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Sandbox;

/// <summary>
/// A lab that requires a kernel feature the host lacks is shown as unavailable, with the reason, and
/// offers no Start button. The lab requires drbd, which the probe finds on almost no host (its module is
/// not loaded); the test first checks that this host indeed lacks it rather than assuming so.
/// </summary>
public sealed class UnavailableLabTests : IClassFixture<SandboxBrowser>, IAsyncLifetime
{
    private readonly SandboxBrowser _browser;
    private readonly string _instance = "e2e-" + Guid.NewGuid().ToString("n")[..8];
    private readonly string _root = Directory.CreateTempSubdirectory("netacademy-e2e-unavailable-").FullName;
    private ServerProcess? _server;

    public UnavailableLabTests(SandboxBrowser browser) => _browser = browser;

    public async Task InitializeAsync()
    {
        // The real course and lab, copied, with the lab asking for drbd as well.
        CopyDirectory(Path.Combine(RepositoryPaths.Root, "content"), Path.Combine(_root, "content"));
        CopyDirectory(Path.Combine(RepositoryPaths.Root, "labs", "veth-pairs"), Path.Combine(_root, "labs", "veth-pairs"));
        var labFile = Path.Combine(_root, "labs", "veth-pairs", "lab.yaml");
        var yaml = await File.ReadAllTextAsync(labFile);
        Assert.Contains("requires: [veth]", yaml, StringComparison.Ordinal);
        await File.WriteAllTextAsync(labFile, yaml.Replace("requires: [veth]", "requires: [veth, drbd]", StringComparison.Ordinal));
        _server = await ServerProcess.StartAsync(_instance, settings: new Dictionary<string, string>
        {
            ["Content__ContentRoot"] = Path.Combine(_root, "content"),
            ["Content__LabsRoot"] = Path.Combine(_root, "labs"),
            ["Content__ImagesRoot"] = Path.Combine(RepositoryPaths.Root, "deploy", "images"),
            ["Accounts__AllowGuests"] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        await DockerLeftovers.RemoveAllAsync(_instance);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task LabRequiringMissingFeature_ShowsUnavailableWithReasonAndNoStart()
    {
        Assert.False(File.Exists("/proc/drbd"), "this host has drbd loaded; the test needs a feature the host lacks");
        var page = await _browser.NewPageAsync();

        await page.GotoAsync(new Uri(_server!.BaseAddress, "courses/linux-networking").ToString());
        var lesson = page.Locator("li[data-lesson=veth-pairs]");
        await Expect(lesson.Locator(".badge.unavailable")).ToHaveTextAsync("unavailable");
        await Expect(lesson).ToContainTextAsync("drbd");

        await page.GotoAsync(new Uri(_server.BaseAddress, "courses/linux-networking/veth-pairs").ToString());
        var box = page.Locator(".lab-box");
        await Expect(box.Locator(".badge.unavailable")).ToBeVisibleAsync();
        await Expect(box).ToContainTextAsync("This server's kernel cannot provide drbd");
        await Expect(box).ToContainTextAsync("/proc/drbd");
        await Expect(box.GetByRole(AriaRole.Button, new() { Name = "Start lab" })).ToHaveCountAsync(0);
        Assert.Empty(await DockerLeftovers.ContainersAsync(_instance));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
