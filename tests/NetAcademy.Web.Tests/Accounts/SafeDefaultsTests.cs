using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Accounts;

/// <summary>
/// The defaults of a public server, with the real app over SQLite in a temp folder and no account settings unless a
/// test names them: sign-up by invitation only, guests off and, when on, capped in number and time, and the first-admin
/// link also in a file only its owner can read, gone once used.
/// </summary>
public sealed partial class SafeDefaultsTests : IAsyncLifetime
{
    private const string Password = "a long enough password";
    // The workspace page needs an identity: anonymous visitors are sent to sign in, or made guests when allowed.
    private const string WorkspaceUrl = "/courses/linux-networking/veth-pairs/lab";
    private readonly string _data = Directory.CreateTempSubdirectory("netacademy-web-defaults-").FullName;
    private readonly List<IAsyncDisposable> _apps = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private NetAcademyAppFactory App(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Accounts:FormPostsPerMinute"] = "1000" };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }
        var app = new NetAcademyAppFactory(_data, all);
        _apps.Add(app);
        return app;
    }

    [Fact]
    public async Task SignUp_DefaultSettings_RefusedWithoutAnInvitationWithAClearMessage()
    {
        var app = App();
        using var client = app.CreateBrowser();

        var form = await client.GetStringAsync("/account/signup");
        using var response = await client.SubmitAsync("/account/signup", "signup", new Dictionary<string, string>
        {
            ["Input.UserName"] = "mallory",
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        });
        var page = await response.Content.ReadAsStringAsync();

        Assert.Contains("Invitation code", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("An invitation code is required to sign up here.", page);
        Assert.Null(await app.Services.GetRequiredService<UserStore>().FindByNameOrEmailAsync("mallory", CancellationToken.None));
    }

    [Fact]
    public async Task Workspace_DefaultSettings_NoGuestAnonymousVisitorIsSentToSignIn()
    {
        var app = App();
        using var client = app.CreateBrowser();

        using var response = await client.GetAsync(WorkspaceUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/signin", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString);
    }

    [Fact]
    public async Task Guests_CapReached_NextGuestRefusedWithAClearMessageUntilAPlaceExpires()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var app = App(new()
        {
            ["Accounts:AllowGuests"] = "true",
            ["Accounts:Guests:MaxActive"] = "2",
            ["Accounts:Guests:Lifetime"] = "01:00:00",
        });
        var clocked = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        _apps.Add(clocked);
        using var first = clocked.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        using var second = clocked.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        using var third = clocked.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        using var one = await first.GetAsync(WorkspaceUrl);
        using var two = await second.GetAsync(WorkspaceUrl);
        using var full = await third.GetAsync(WorkspaceUrl);
        using var firstAgain = await first.GetAsync(WorkspaceUrl);
        var message = await full.Content.ReadAsStringAsync();
        clock.Advance(TimeSpan.FromMinutes(61));
        using var afterExpiry = await third.GetAsync(WorkspaceUrl);

        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, one.StatusCode);
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, two.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.Contains("All 2 guest places on this server are in use", message);
        Assert.Contains("Sign in", message);
        // A guest that has a place keeps it; the refused one gets in once the places expire.
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, firstAgain.StatusCode);
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, afterExpiry.StatusCode);
        Assert.Equal(1, await clocked.Services.GetRequiredService<GuestStore>().CountActiveAsync(clock.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task Guests_PastTheirLifetime_CookieStopsWorking()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var app = App(new()
        {
            ["Accounts:AllowGuests"] = "true",
            ["Accounts:Guests:Lifetime"] = "00:30:00",
        });
        var clocked = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        _apps.Add(clocked);
        using var guest = clocked.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        (await guest.GetAsync(WorkspaceUrl)).Dispose();
        using var during = await guest.GetAsync("/account/password");
        var duringPage = await during.Content.ReadAsStringAsync();
        clock.Advance(TimeSpan.FromMinutes(31));
        using var after = await guest.GetAsync("/account/password");

        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Contains("You are a guest", duringPage);
        // Anonymous again: the page that needs an identity sends it to sign in.
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task SetupLink_NoAdmin_WrittenToAFileOnlyItsOwnerReadsAndDeletedOnceUsed()
    {
        var app = App();
        using var client = app.CreateBrowser();
        var file = Path.Combine(_data, "admin-setup-link");

        var logged = SetupLinkPattern().Match(Assert.Single(app.Log, l => l.Contains("/account/setup?token=", StringComparison.Ordinal))).Value;
        Assert.True(File.Exists(file), $"{file} is missing");
        var text = await File.ReadAllTextAsync(file);
        Assert.Equal(SetupLinkPattern().Match(text).Value, logged);
        // The platform runs on Linux only.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(file));

        using var created = await client.SubmitAsync(logged, "setup", new Dictionary<string, string>
        {
            ["Input.UserName"] = "root",
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.False(File.Exists(file), $"{file} is still there after the link was used");
    }

    [Fact]
    public async Task Doctor_SetupLinkFilePresent_ShowsTheLink()
    {
        var app = App();
        using var client = app.CreateBrowser();
        var text = await File.ReadAllTextAsync(Path.Combine(_data, "admin-setup-link"));
        var link = SetupLinkPattern().Match(text).Value;

        // No engine at that address: doctor stops at the engine check, after the accounts part.
        var (_, output) = await NetAcademy.Testing.Server.CliProcess.RunAsync(TimeSpan.FromSeconds(60),
            "doctor", "--data", _data, "--docker", "unix:///nonexistent/docker.sock");

        Assert.Contains(link, output);
    }

    [GeneratedRegex("/account/setup\\?token=[0-9a-f]+")]
    private static partial Regex SetupLinkPattern();
}
