using Microsoft.Playwright;
using NetAcademy.Testing.Server;

namespace NetAcademy.E2E.Infrastructure;

/// <summary>
/// One headless Debian Chromium and one NetAcademy server for a test class. Playwright cannot download
/// its own browsers here, so it drives /usr/bin/chromium. A subclass with a parameterless constructor can start the
/// server with more settings (<see cref="ServerSettings"/>), as <see cref="GuestBrowserFixture"/> does.
/// </summary>
public class BrowserFixture : IAsyncLifetime
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
    public virtual async Task InitializeAsync()
    {
        const string chromium = "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException("Debian's chromium is not installed (/usr/bin/chromium). Run deploy/setup.sh --with-test-tools.");
        }
        var settings = new Dictionary<string, string>
        {
            ["Accounts__BootstrapAdmin__UserName"] = AdminUserName,
            ["Accounts__BootstrapAdmin__Password"] = _adminPassword,
            // Every test signs up through the form from 127.0.0.1; the per-address limit is for real clients.
            ["Accounts__FormPostsPerMinute"] = "100000",
            // Every learner signs up through the form; the server's default is by invitation.
            ["Accounts__SignUp"] = "Open",
            // For the log saved beside the test results: times to line up with the browser's, and why hub connections end.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
            ["Logging__LogLevel__Microsoft.AspNetCore.SignalR"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore.Http.Connections"] = "Debug",
        };
        foreach (var (key, value) in ServerSettings)
        {
            settings[key] = value;
        }
        Server = await ServerProcess.StartAsync(Instance, settings: settings);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = BrowserArgs,
        });
    }

    /// <summary>Chromium's flags; <see cref="ChromiumArgs"/> unless a subclass adds some.</summary>
    protected virtual IReadOnlyList<string> BrowserArgs => ChromiumArgs;

    /// <summary>The address pages are opened at (their base address): the server's own unless a subclass puts something in front.</summary>
    public virtual Uri SiteAddress => Server.BaseAddress;

    /// <summary>
    /// Whether pages ignore the Content-Security-Policy (Playwright's BypassCSP): only for tests that inject a tool
    /// of their own that evaluates code, such as axe-core. Default: false, pages run under the server's policy.
    /// </summary>
    protected virtual bool BypassCsp => false;

    /// <summary>
    /// More server settings (environment variable names, e.g. <c>Accounts__AllowGuests</c>), applied over the
    /// fixture's own; none by default.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> ServerSettings { get; } = new Dictionary<string, string>();

    /// <summary>User name of the admin the server is started with (Accounts:BootstrapAdmin).</summary>
    public const string AdminUserName = "e2e-admin";

    private readonly string _adminPassword = "admin-" + Guid.NewGuid().ToString("n");
    private readonly SemaphoreSlim _adminGate = new(1, 1);
    private IPage? _adminPage;

    /// <summary>
    /// A fresh browser context with a page of <paramref name="viewport"/> (1280x800 by default), signed in as a
    /// new learner (signed up through the real sign-up page): labs need an account, and each call is its own learner.
    /// </summary>
    public Task<IPage> NewPageAsync(ViewportSize? viewport = null) => NewSignedInPageAsync("learner", viewport: viewport);

    /// <summary>
    /// A fresh signed-in page for a new account with the role ("learner", "instructor" or "admin"): signs
    /// up through /account/signup, then the server's admin sets the role on /admin/users. The page is
    /// <paramref name="viewport"/> (1280x800 by default).
    /// </summary>
    public async Task<IPage> NewSignedInPageAsync(string role, string? userName = null, ViewportSize? viewport = null)
    {
        userName ??= "u" + Guid.NewGuid().ToString("n")[..12];
        var page = await NewAnonymousPageAsync(viewport);
        await page.GotoAsync("/account/signup");
        await page.Locator("input[name='Input.UserName']").FillAsync(userName);
        await page.Locator("input[name='Input.Password']").FillAsync(PasswordOf(userName));
        await page.Locator("input[name='Input.ConfirmPassword']").FillAsync(PasswordOf(userName));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.Locator("[data-role=user-name]").WaitForAsync();
        if (role != "learner")
        {
            await SetRoleAsync(userName, role);
        }
        return page;
    }

    /// <summary>The password <see cref="NewSignedInPageAsync"/> gave the account.</summary>
    public static string PasswordOf(string userName) => "pw-" + new string(userName.Reverse().ToArray()) + "-long-enough";

    /// <summary>Sets an account's role as the server's admin, through /admin/users.</summary>
    public async Task SetRoleAsync(string userName, string role)
    {
        await _adminGate.WaitAsync();
        try
        {
            if (_adminPage is null)
            {
                _adminPage = await NewAnonymousPageAsync();
                await _adminPage.GotoAsync("/account/signin");
                await _adminPage.Locator("input[name='Input.UserName']").FillAsync(AdminUserName);
                await _adminPage.Locator("input[name='Input.Password']").FillAsync(_adminPassword);
                await _adminPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
                await _adminPage.Locator("[data-role=user-name]").WaitForAsync();
            }
            await _adminPage.GotoAsync("/admin/users");
            await _adminPage.GetByLabel($"Role of {userName}", new() { Exact = true }).SelectOptionAsync(role);
            await _adminPage.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).ClickAsync();
            await _adminPage.Locator("[data-role=form-done]").WaitForAsync();
        }
        finally
        {
            _adminGate.Release();
        }
    }

    /// <summary>A fresh browser context (its own cookies) with a page of <paramref name="viewport"/> (1280x800 by default), not signed in.</summary>
    public async Task<IPage> NewAnonymousPageAsync(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            BaseURL = SiteAddress.ToString(),
            BypassCSP = BypassCsp,
            // A test front end (tests/NetAcademy.E2E/Proxy) serves a self-signed certificate.
            IgnoreHTTPSErrors = SiteAddress.Scheme == Uri.UriSchemeHttps,
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
        // The browser's side of a failure (a dropped hub connection, a script error) goes into the fixture's log.
        page.Console += (_, message) => Note($"console.{message.Type} {page.Url}: {message.Text}");
        page.PageError += (_, error) => Note($"page error {page.Url}: {error}");
        return page;
    }

    private readonly List<string> _browserLog = [];

    private void Note(string line)
    {
        lock (_browserLog)
        {
            _browserLog.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        }
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
            SaveLogs();
        }
        await DockerLeftovers.RemoveAllAsync(Instance);
    }

    // A red E2E run is read afterwards from artifacts/test-results: the server's log and the browser console of
    // each fixture, named by the fixture's instance (which the lab containers' labels also carry).
    private void SaveLogs()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "test-results");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{Instance}-{GetType().Name}-server.log"), Server.Log);
        lock (_browserLog)
        {
            File.WriteAllLines(Path.Combine(folder, $"{Instance}-{GetType().Name}-browser.log"), _browserLog);
        }
    }
}
