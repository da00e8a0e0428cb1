using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Content;

/// <summary>An author edits a lesson while the server runs; a reload of the page shows the edit, no restart.</summary>
public sealed class HotReloadTests : IAsyncLifetime
{
    private readonly string _content = Directory.CreateTempSubdirectory("netacademy-e2e-content-").FullName;
    private readonly string _instance = "e2e-" + Guid.NewGuid().ToString("n")[..8];
    private ServerProcess? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        // A copy of the repository's content, so the test edits nothing of the repository.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "content"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_content, Path.GetRelativePath(Path.Combine(RepositoryPaths.Root, "content"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        _server = await ServerProcess.StartAsync(_instance, settings: new Dictionary<string, string> { ["Content__ContentRoot"] = _content });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = BrowserFixture.ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        await DockerLeftovers.RemoveAllAsync(_instance);
        Directory.Delete(_content, recursive: true);
    }

    [Fact]
    public async Task LessonFile_EditedWhileServing_ShowsAfterReload()
    {
        var page = await _browser!.NewPageAsync();
        var url = new Uri(_server!.BaseAddress, "courses/linux-networking/veth-pairs").ToString();
        await page.GotoAsync(url);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Namespaces and veth pairs", Level = 1 })).ToBeVisibleAsync();
        var marker = "Edited while serving " + Guid.NewGuid().ToString("n")[..8];
        Assert.DoesNotContain(marker, await page.ContentAsync(), StringComparison.Ordinal);

        var lesson = Path.Combine(_content, "linux-networking", "veth-pairs.md");
        await File.AppendAllTextAsync(lesson, $"\n\n## {marker}\n\nA paragraph added by the hot reload test.\n");

        // The catalog reloads after a short debounce; reload the page until the edit is there.
        var heading = page.GetByRole(AriaRole.Heading, new() { Name = marker });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await heading.IsVisibleAsync() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(300);
            await page.ReloadAsync();
        }
        await Expect(heading).ToBeVisibleAsync();
        await Expect(page.GetByText("A paragraph added by the hot reload test.")).ToBeVisibleAsync();
    }
}
