using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Core.Ids;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Grading;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Accounts;

/// <summary>The account pages and the rules they enforce, over HTTP against the real app (SQLite in a temp folder).</summary>
public sealed partial class AccountPagesTests : IAsyncLifetime
{
    private const string Password = "a long enough password";
    private const string LessonUrl = "/courses/linux-networking/veth-pairs";
    private readonly string _data = Directory.CreateTempSubdirectory("netacademy-web-pages-").FullName;
    private NetAcademyAppFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new NetAcademyAppFactory(_data, new Dictionary<string, string?>
        {
            ["Accounts:MaxFailedSignIns"] = "3",
            ["Accounts:FormPostsPerMinute"] = "1000",
            // These tests make their accounts through the sign-up form; the default is by invitation.
            ["Accounts:SignUp"] = "Open",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task SignIn_PostWithoutAntiforgeryToken_Returns400()
    {
        using var client = _app.CreateBrowser();

        using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["Input.UserName"] = "ada",
            ["Input.Password"] = Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignOut_PostWithoutAntiforgeryToken_Returns400AndStaysSignedIn()
    {
        using var client = _app.CreateBrowser();
        await client.SignUpAsync("ada", Password);

        using var response = await client.PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        using var password = await client.GetAsync("/account/password");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
    }

    [Fact]
    public async Task SignUpSignOutSignIn_ThroughTheForms_LayoutShowsTheUser()
    {
        using var client = _app.CreateBrowser();
        await client.SignUpAsync("ada", Password);
        var home = await client.GetStringAsync("/");
        Assert.Contains("data-role=\"user-name\"", home);

        // The layout's sign-out form posts to /account/signout, not to the page; post it there.
        var token = TokenPattern().Match(home).Groups[1].Value;
        using var signedOut = await client.PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.DoesNotContain("data-role=\"user-name\"", await client.GetStringAsync("/"));

        using var wrong = await client.SignInAsync("ada", "not the password");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Wrong user name or password.", await wrong.Content.ReadAsStringAsync());
        using var right = await client.SignInAsync("ADA", Password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains("data-role=\"user-name\"", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task SignIn_WrongPasswordThreeTimes_LockedOutMessageEvenWithRightPassword()
    {
        using var client = _app.CreateBrowser();
        await client.SignUpAsync("ada", Password);
        using var anonymous = _app.CreateBrowser();

        for (var i = 0; i < 3; i++)
        {
            (await anonymous.SignInAsync("ada", "wrong " + i)).Dispose();
        }
        using var right = await anonymous.SignInAsync("ada", Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked until", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AdminPage_Learner_IsDeniedWith403Page()
    {
        using var client = _app.CreateBrowser();
        await client.SignUpAsync("ada", Password);

        using var admin = await client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.StartsWith("/account/denied", admin.Headers.Location!.PathAndQuery);
        using var denied = await client.GetAsync(admin.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task AdminPage_Anonymous_RedirectsToSignIn()
    {
        using var client = _app.CreateBrowser();

        using var admin = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal("/account/signin?returnUrl=%2Fadmin%2Fusers", admin.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Workspace_Anonymous_RedirectsToSignInWithReturnUrl()
    {
        using var client = _app.CreateBrowser();

        using var workspace = await client.GetAsync(LessonUrl + "/lab");
        using var lesson = await client.GetAsync(LessonUrl);

        Assert.Equal(HttpStatusCode.Redirect, workspace.StatusCode);
        Assert.Equal("/account/signin?returnUrl=" + Uri.EscapeDataString(LessonUrl + "/lab"), workspace.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, lesson.StatusCode);
    }

    [Fact]
    public async Task StartLab_Anonymous_RedirectsToSignInInsteadOfStarting()
    {
        using var client = _app.CreateBrowser();

        using var start = await client.SubmitAsync(LessonUrl, "start-lab", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("/account/signin?returnUrl=" + Uri.EscapeDataString(LessonUrl), start.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task SessionApi_Anonymous_Returns401NotASignInPage()
    {
        using var client = _app.CreateBrowser();

        using var response = await client.GetAsync("/api/sessions/abc");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SetupLink_FromTheLog_CreatesTheAdminExactlyOnce()
    {
        using var client = _app.CreateBrowser();
        var link = SetupLink();

        using var created = await client.SubmitAsync(link, "setup", new Dictionary<string, string>
        {
            ["Input.UserName"] = "root",
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin/users", created.Headers.Location!.IsAbsoluteUri ? created.Headers.Location.PathAndQuery : created.Headers.Location.OriginalString);
        using var admin = await client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);

        using var again = _app.CreateBrowser();
        var page = await again.GetStringAsync(link);
        Assert.Contains("does not work", page);
        Assert.DoesNotContain("Input.Password", page);
        using var wrongToken = await again.GetAsync("/account/setup?token=" + new string('0', 48));
        Assert.Contains("does not work", await wrongToken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AdminUsers_AdminPromotesLearner_LearnerGetsInstructorRoleWithoutSigningInAgain()
    {
        using var admin = _app.CreateBrowser();
        (await admin.SubmitAsync(SetupLink(), "setup", new Dictionary<string, string>
        {
            ["Input.UserName"] = "root",
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        })).Dispose();
        using var learner = _app.CreateBrowser();
        await learner.SignUpAsync("ada", Password);
        var users = _app.Services.GetRequiredService<UserStore>();
        var ada = (await users.FindByNameOrEmailAsync("ada", CancellationToken.None))!;

        using var saved = await admin.SubmitAsync("/admin/users", "roles", new Dictionary<string, string> { ["role:" + ada.Id] = "admin" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("Changed the role of 1 account(s).", await saved.Content.ReadAsStringAsync());

        using var nowAdmin = await learner.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, nowAdmin.StatusCode);
    }

    [Fact]
    public async Task SignIn_MorePostsThanTheLimit_Returns429()
    {
        await using var limited = new NetAcademyAppFactory(_data + "-limited", new Dictionary<string, string?> { ["Accounts:FormPostsPerMinute"] = "2" });
        using var client = limited.CreateBrowser();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.SignInAsync("nobody", "whatever password");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Directory.Delete(_data + "-limited", recursive: true);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Restart_SameDatabase_KeepsAccountsAndProgress(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:NetAcademy"] = db.Options.ConnectionString,
            ["Accounts:SignUp"] = "Open",
        };
        await using (var first = new NetAcademyAppFactory(db.DataDirectory, settings))
        {
            using var client = first.CreateBrowser();
            await client.SignUpAsync("ada", Password);
            await first.Services.GetRequiredService<IProgressStore>()
                .RecordCheckAsync("ada", new LabId("veth-pairs"), new TaskId("make-pair"), true, 5, "done", CancellationToken.None);
        }

        await using var second = new NetAcademyAppFactory(db.DataDirectory, settings);
        using var again = second.CreateBrowser();
        using var signIn = await again.SignInAsync("ada", Password);
        var progress = await second.Services.GetRequiredService<IProgressStore>().GetProgressAsync("ada", new LabId("veth-pairs"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.True(Assert.Single(progress).Passed);
        Assert.DoesNotContain(second.Log, line => line.Contains("Applied schema migration", StringComparison.Ordinal));
    }

    private string SetupLink()
    {
        _ = _app.Server;
        var line = Assert.Single(_app.Log, l => l.Contains("/account/setup?token=", StringComparison.Ordinal));
        return SetupPattern().Match(line).Value;
    }

    [GeneratedRegex("/account/setup\\?token=[0-9a-f]+")]
    private static partial Regex SetupPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
