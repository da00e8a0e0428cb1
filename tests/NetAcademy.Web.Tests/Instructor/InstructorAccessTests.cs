using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NetAcademy.Core.Ids;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Grading;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Instructor;

/// <summary>
/// The instructor pages and the CSV export over HTTP against the real app (SQLite in a temp folder), over a copy of
/// the linux-networking course whose course.yaml lists "ines" as its instructor.
/// </summary>
public sealed class InstructorAccessTests : IAsyncLifetime
{
    private const string Password = "a long enough password";
    private const string CourseUrl = "/instructor/courses/linux-networking";
    private readonly string _data = Directory.CreateTempSubdirectory("netacademy-web-instructor-").FullName;
    private NetAcademyAppFactory _app = null!;

    public Task InitializeAsync()
    {
        var root = RepositoryRoot();
        var content = Path.Combine(_data, "content");
        var course = Path.Combine(content, "linux-networking");
        Directory.CreateDirectory(course);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "content", "linux-networking"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(course, Path.GetRelativePath(Path.Combine(root, "content", "linux-networking"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.AppendAllText(Path.Combine(course, "course.yaml"), "\ninstructors: [ines]\n");
        _app = new NetAcademyAppFactory(Path.Combine(_data, "data"), new Dictionary<string, string?>
        {
            ["Accounts:FormPostsPerMinute"] = "1000",
            // Learners sign up through the form; the default is by invitation.
            ["Accounts:SignUp"] = "Open",
            ["Content:ContentRoot"] = content,
            ["Content:LabsRoot"] = Path.Combine(root, "labs"),
            ["Content:ImagesRoot"] = Path.Combine(root, "deploy", "images"),
            ["Content:WatchForChanges"] = "false",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Theory]
    [InlineData(CourseUrl)]
    [InlineData(CourseUrl + "/progress.csv")]
    [InlineData("/instructor/sessions/0123456789abcdef0123")]
    [InlineData("/instructor")]
    public async Task Get_AsLearner_IsDenied(string url)
    {
        using var learner = _app.CreateBrowser();
        await learner.SignUpAsync("ada", Password);

        using var response = await learner.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Get_Anonymous_RedirectsToSignIn()
    {
        using var anonymous = _app.CreateBrowser();

        using var response = await anonymous.GetAsync(CourseUrl + "/progress.csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/signin", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task ObservationHub_AsLearner_IsForbidden()
    {
        using var learner = _app.CreateBrowser();
        await learner.SignUpAsync("ada", Password);

        using var negotiate = await learner.PostAsync("/hubs/observe/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Forbidden, negotiate.StatusCode);
    }

    [Fact]
    public async Task CoursePageAndCsv_AsInstructor_ShowEveryLearnersTasks()
    {
        using (var learner = _app.CreateBrowser())
        {
            await learner.SignUpAsync("bob", Password);
        }
        var progress = _app.Services.GetRequiredService<IProgressStore>();
        await progress.RecordCheckAsync("bob", new LabId("veth-pairs"), new TaskId("make-namespaces"), true, 100, "ok", CancellationToken.None);
        await progress.RecordCheckAsync("bob", new LabId("veth-pairs"), new TaskId("make-veth"), false, 50, "veth-red is \"missing\", create it", CancellationToken.None);
        using var instructor = await InstructorAsync("ines");

        var page = await instructor.GetStringAsync(CourseUrl);
        using var csv = await instructor.GetAsync(CourseUrl + "/progress.csv");
        var text = await csv.Content.ReadAsStringAsync();

        Assert.Contains("data-user=\"bob\"", page);
        Assert.Contains("data-task=\"make-namespaces\" data-status=\"done\"", page);
        Assert.Contains("data-task=\"make-veth\" data-status=\"attempted\"", page);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith(string.Join(",", NetAcademy.Web.Instructor.ProgressCsv.Header) + "\r\n", text);
        Assert.Contains("bob,veth-pairs,make-veth,", text);
        Assert.Contains(",\"veth-red is \"\"missing\"\", create it\"\r\n", text);
    }

    [Theory]
    [InlineData(CourseUrl)]
    [InlineData(CourseUrl + "/progress.csv")]
    public async Task CoursePageAndCsv_AsInstructorOfAnotherCourse_AnswerNotFoundLikeAnUnknownCourse(string url)
    {
        using var outsider = await InstructorAsync("otto");

        using var response = await outsider.GetAsync(url);
        using var unknown = await outsider.GetAsync(url.Replace("linux-networking", "no-such-course", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain("Progress:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstructorHome_ListsOnlyTheCoursesTheInstructorTeaches()
    {
        using var staff = await InstructorAsync("ines");
        using var outsider = await InstructorAsync("otto");

        var staffHome = await staff.GetStringAsync("/instructor");
        var outsiderHome = await outsider.GetStringAsync("/instructor");

        Assert.Contains("data-course=\"linux-networking\"", staffHome, StringComparison.Ordinal);
        Assert.DoesNotContain("data-course=\"linux-networking\"", outsiderHome, StringComparison.Ordinal);
        Assert.Contains("data-role=\"no-courses\"", outsiderHome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoursePage_AsAdminNotListed_IsShown()
    {
        using var admin = await InstructorAsync("ada-admin", AccountRole.Admin);

        using var page = await admin.GetAsync(CourseUrl);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-course=\"linux-networking\"", await admin.GetStringAsync("/instructor"), StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NetAcademy.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("NetAcademy.sln not found above the tests.");
    }

    private async Task<HttpClient> InstructorAsync(string userName, AccountRole role = AccountRole.Instructor)
    {
        var client = _app.CreateBrowser();
        await client.SignUpAsync(userName, Password);
        var users = _app.Services.GetRequiredService<UserStore>();
        var account = await users.FindByNameOrEmailAsync(userName, CancellationToken.None);
        Assert.True(await users.SetRoleAsync(account!.Id, role, CancellationToken.None));
        // The role is in the cookie: sign in again to get it.
        client.Dispose();
        var fresh = _app.CreateBrowser();
        using var signedIn = await fresh.SignInAsync(userName, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return fresh;
    }
}
