using Microsoft.Playwright;

namespace NetAcademy.E2E.Infrastructure;

/// <summary>
/// One headless Debian Chromium and one NetAcademy server for a test class. Playwright cannot download
/// its own browsers here, so it drives /usr/bin/chromium.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Chromium flags: no sandbox (root in CI), and no calls home the closed network would refuse.</summary>
    public static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"];

    private IPlaywright? _playwright;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The server under test.</summary>
    public ServerProcess Server { get; private set; } = null!;

    /// <summary>The server's lab instance name.</summary>
    public string Instance { get; } = "e2e-" + Guid.NewGuid().ToString("n")[..8];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        const string chromium = "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException("Debian's chromium is not installed (/usr/bin/chromium). Run deploy/setup.sh --with-test-tools.");
        }
        Server = await ServerProcess.StartAsync(Instance);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (its own cookies: its own learner) with a 1280x800 page.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            BaseURL = Server.BaseAddress.ToString(),
        });
        // Keep a handle on every WebSocket the page opens, so tests can drop one as a bad network would.
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
