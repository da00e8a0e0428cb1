using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Sandbox;

/// <summary>
/// A server pinned to an Engine API version its engine does not speak (<c>Docker:ApiVersion=1.99</c>; no Docker
/// release speaks it) must say so once, plainly, naming both versions: in its log (no stack trace), on the catalog
/// (every lab unavailable, with the reason) and on a lesson (no Start button). Nothing is created on the engine.
/// </summary>
public sealed class EngineVersionTests : IClassFixture<SandboxBrowser>, IAsyncLifetime
{
    private readonly SandboxBrowser _browser;
    private readonly string _instance = "e2e-" + Guid.NewGuid().ToString("n")[..8];
    private ServerProcess? _server;

    public EngineVersionTests(SandboxBrowser browser) => _browser = browser;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(_instance, settings: new Dictionary<string, string>
        {
            ["Docker__ApiVersion"] = "1.99",
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
    }

    [Fact]
    public async Task Start_EngineDoesNotSpeakConfiguredApiVersion_CatalogAndLogNameBothVersionsWithoutStackTrace()
    {
        var page = await _browser.NewPageAsync();

        await page.GotoAsync(_server!.BaseAddress.ToString());
        var banner = page.Locator("[data-role=labs-unavailable]");
        await Expect(banner).ToContainTextAsync("Docker:ApiVersion is 1.99");
        await Expect(banner).ToContainTextAsync("speaks Engine API 1.");
        await Expect(page.Locator(".badge.unavailable").First).ToBeVisibleAsync();

        await page.GotoAsync(new Uri(_server.BaseAddress, "courses/linux-networking/veth-pairs").ToString());
        var box = page.Locator(".lab-box");
        await Expect(box).ToContainTextAsync("Labs cannot run on this server now: Docker:ApiVersion is 1.99");
        await Expect(box.GetByRole(AriaRole.Button, new() { Name = "Start lab" })).ToHaveCountAsync(0);

        var log = _server.Log;
        var lines = log.Split('\n').Where(l => l.Contains("Labs are unavailable: Docker:ApiVersion is 1.99", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 1, $"expected the problem logged once, found {lines.Count} times:\n{log}");
        Assert.Matches(@"speaks Engine API 1\.\d+-1\.\d+", lines[0]);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", log, StringComparison.Ordinal);
        Assert.Empty(await DockerLeftovers.ContainersAsync(_instance));
    }
}
