using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;

namespace NetAcademy.E2E.Graph;

/// <summary>
/// Headless Chromium and a NetAcademy server for the graph tests, with guests allowed (Accounts:AllowGuests), so each
/// browser context is its own learner without signing up. Removes the instance's containers at the end.
/// </summary>
public sealed class GraphBrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The server under test.</summary>
    public ServerProcess Server { get; private set; } = null!;

    /// <summary>The server's lab instance name.</summary>
    public string Instance { get; } = "e2e-graph-" + Guid.NewGuid().ToString("n")[..8];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        const string chromium = "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException("Debian's chromium is not installed (/usr/bin/chromium). Run deploy/setup.sh --with-test-tools.");
        }

        Server = await ServerProcess.StartAsync(Instance, settings: new Dictionary<string, string> { ["Accounts__AllowGuests"] = "true" });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = BrowserFixture.ChromiumArgs,
        });
    }

    /// <summary>A fresh context (its own cookies: its own learner) with a 1400x900 page; keeps a handle on every WebSocket.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            BaseURL = Server.BaseAddress.ToString(),
        });
        await context.AddInitScriptAsync("""
            (() => {
              const Native = window.WebSocket;
              window.openedSockets = [];
              window.WebSocket = function (...args) { const ws = new Native(...args); window.openedSockets.push(ws); return ws; };
              window.WebSocket.prototype = Native.prototype;
              Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
            })();
            """);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        await DockerLeftovers.RemoveAllAsync(Instance);
    }
}
