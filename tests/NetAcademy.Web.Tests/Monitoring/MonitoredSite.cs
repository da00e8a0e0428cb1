using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Monitoring;

/// <summary>
/// The real app (SQLite in a temp folder, the repository's content, the real engine unless <c>settings</c> point it
/// elsewhere) with a known scrape token, and helpers for a learner's and an admin's cookies.
/// </summary>
public sealed class MonitoredSite : IAsyncDisposable
{
    /// <summary>The Monitoring:ScrapeToken the site runs with.</summary>
    public const string ScrapeToken = "scrape-token-0123456789abcdef0123456789";

    private const string Password = "a long enough password";
    private readonly string _data = Directory.CreateTempSubdirectory("netacademy-web-monitoring-").FullName;

    /// <summary>Starts nothing yet; the app starts on first use.</summary>
    public MonitoredSite(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Accounts:FormPostsPerMinute"] = "1000",
            // The tests sign people up; sign-up is by invitation by default.
            ["Accounts:SignUp"] = "Open",
            ["Content:WatchForChanges"] = "false",
            ["Monitoring:ScrapeToken"] = ScrapeToken,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        App = new NetAcademyAppFactory(_data, all);
    }

    /// <summary>The app.</summary>
    public NetAcademyAppFactory App { get; }

    /// <summary>A client signed in as a new account of <paramref name="role"/>.</summary>
    public async Task<HttpClient> SignedInAsync(string userName, AccountRole role)
    {
        var client = App.CreateBrowser();
        await client.SignUpAsync(userName, Password);
        if (role == AccountRole.Learner)
        {
            return client;
        }
        var users = App.Services.GetRequiredService<UserStore>();
        var account = await users.FindByNameOrEmailAsync(userName, CancellationToken.None);
        Assert.True(await users.SetRoleAsync(account!.Id, role, CancellationToken.None));
        client.Dispose();
        // The role is in the cookie: sign in again to get it.
        var fresh = App.CreateBrowser();
        using var signedIn = await fresh.SignInAsync(userName, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return fresh;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
