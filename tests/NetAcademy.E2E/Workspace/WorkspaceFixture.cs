using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;

namespace NetAcademy.E2E.Workspace;

/// <summary>
/// A server over the workspace fixtures (tests/NetAcademy.E2E/Fixtures: a two-node lab with a four-minute
/// session and a lab whose setup fails), copied to a temporary folder so a test can change a lab's files,
/// and one Chromium. Pages are signed-in learners, signed up through the real form.
/// </summary>
public sealed class WorkspaceFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private readonly string _root = Directory.CreateTempSubdirectory("netacademy-e2e-workspace-").FullName;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The server under test.</summary>
    public ServerProcess Server { get; private set; } = null!;

    /// <summary>The server's lab instance name.</summary>
    public string Instance { get; } = "e2e-" + Guid.NewGuid().ToString("n")[..8];

    /// <summary>The server's labs folder (a copy of the fixtures, safe to change).</summary>
    public string LabsRoot => Path.Combine(_root, "labs");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var fixtures = Path.Combine(RepositoryPaths.Root, "tests", "NetAcademy.E2E", "Fixtures");
        CopyDirectory(Path.Combine(fixtures, "content"), Path.Combine(_root, "content"));
        CopyDirectory(Path.Combine(fixtures, "labs"), LabsRoot);
        Server = await ServerProcess.StartAsync(Instance, settings: new Dictionary<string, string>
        {
            ["Content__ContentRoot"] = Path.Combine(_root, "content"),
            ["Content__LabsRoot"] = LabsRoot,
            ["Content__ImagesRoot"] = Path.Combine(RepositoryPaths.Root, "deploy", "images"),
            ["Accounts__FormPostsPerMinute"] = "100000",
            // Learners sign up through the form; the server's default is by invitation.
            ["Accounts__SignUp"] = "Open",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = BrowserFixture.ChromiumArgs,
        });
    }

    /// <summary>A new learner (signed up through /account/signup) in a fresh context of the given viewport size.</summary>
    public async Task<IPage> NewLearnerPageAsync(int width = 1280, int height = 720, BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.ViewportSize = new ViewportSize { Width = width, Height = height };
        options.BaseURL = Server.BaseAddress.ToString();
        var context = await Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var userName = "w" + Guid.NewGuid().ToString("n")[..12];
        await page.GotoAsync("/account/signup");
        await page.Locator("input[name='Input.UserName']").FillAsync(userName);
        await page.Locator("input[name='Input.Password']").FillAsync(BrowserFixture.PasswordOf(userName));
        await page.Locator("input[name='Input.ConfirmPassword']").FillAsync(BrowserFixture.PasswordOf(userName));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.Locator("[data-role=user-name]").WaitForAsync();
        return page;
    }

    /// <summary>Opens a fixture lesson, presses Start lab and waits for the workspace (not for the lab to be ready).</summary>
    public static async Task StartLabAsync(IPage page, string lesson)
    {
        await page.GotoAsync($"/courses/workspace-fixtures/{lesson}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
        await page.Locator("#workspace").WaitForAsync();
    }

    /// <summary>Stops the page's lab through the Stop button and waits until it is gone.</summary>
    public static async Task StopLabAsync(IPage page)
    {
        var stop = page.GetByRole(AriaRole.Button, new() { Name = "Stop lab" });
        if (await stop.IsEnabledAsync())
        {
            await LabPage.PressStopAsync(page);
            await Assertions.Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
        }
        await page.Context.CloseAsync();
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
        Directory.Delete(_root, recursive: true);
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
