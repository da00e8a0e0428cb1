using NetAcademy.Content.Catalog;
using NetAcademy.Content.Courses;
using NetAcademy.Core.Ids;

namespace NetAcademy.Content.Tests.Courses;

public sealed class ContentCatalogFixtureTests
{
    public static TheoryData<string> InvalidCases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var folder in Directory.GetDirectories(TestPaths.ContentFixtures, "invalid-*").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(folder));
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Load_InvalidFixture_ReportsExpectedErrorsAtTheirPositions(string name)
    {
        var catalog = Load(name);

        var root = Path.Combine(TestPaths.ContentFixtures, name);
        ExpectedErrors.AssertMatches(Path.Combine(root, "expected-errors.txt"), catalog.Errors, root);
    }

    [Fact]
    public void Load_ValidCourse_LoadsCoursesInOrderWithRenderedLessons()
    {
        var catalog = Load("valid-course");

        Assert.Empty(catalog.Errors);
        Assert.Equal(["second", "net-basics"], catalog.Courses.Select(c => c.Id.Value));
        var course = catalog.FindCourse(new CourseId("net-basics"))!;
        Assert.Equal(["start", "hands-on"], course.Modules.Select(m => m.Id));
        Assert.Equal(["grace.h", "ines"], course.Instructors.Order(StringComparer.Ordinal));
        Assert.Empty(catalog.FindCourse(new CourseId("second"))!.Instructors);
        var intro = catalog.FindLesson(course.Id, new LessonId("intro"))!;
        Assert.Equal(("Introduction", "What this is.", 5), (intro.Title, intro.Summary, intro.Minutes));
        Assert.Null(intro.Lab);
        Assert.Contains("<img src=\"/content/net-basics/images/diagram.svg\" alt=\"The lab\" title=\"diagram\" />", intro.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/courses/net-basics/veth#top\">next lesson</a>", intro.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/content/net-basics/images/diagram.svg?x=1\">", intro.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("title: Introduction", intro.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LessonWithLab_ResolvesTaskTitleAndTasks()
    {
        var catalog = Load("valid-course");

        var veth = catalog.FindLesson(new CourseId("net-basics"), new LessonId("veth"))!;
        Assert.Equal(new LabId("tiny"), veth.Lab);
        Assert.Equal([new TaskId("t1")], veth.Tasks);
        Assert.Equal([new LessonId("intro")], veth.Prerequisites);
        Assert.Contains("<h3 class=\"lab-task-title\">Task one</h3>", veth.Html, StringComparison.Ordinal);
        Assert.Contains("data-run-node=\"host1\"", veth.Html, StringComparison.Ordinal);
        Assert.NotNull(catalog.FindLab(new LabId("tiny")));
    }

    [Fact]
    public void Load_BrokenLessons_KeepsTheGoodLessonAvailable()
    {
        var catalog = Load("invalid-lesson-refs");

        var course = catalog.FindCourse(new CourseId("course-a"))!;
        Assert.Equal(["good"], course.Lessons.Select(l => l.Id.Value));
        Assert.Null(catalog.FindLesson(course.Id, new LessonId("bad-body")));
    }

    [Fact]
    public void Load_BrokenCourseYaml_MakesOnlyThatCourseUnavailable()
    {
        var catalog = Load("invalid-course-yaml");

        Assert.Empty(catalog.Courses);
        Assert.Null(catalog.FindCourse(new CourseId("broken")));
    }

    [Fact]
    public void Load_MissingRoots_ReportsEachMissingFolder()
    {
        var missing = Path.Combine(TestPaths.Fixtures, "does-not-exist");

        var catalog = ContentCatalog.Load(new ContentOptions { ContentRoot = missing, LabsRoot = missing, ImagesRoot = TestPaths.Images }, CancellationToken.None);

        Assert.Equal(2, catalog.Errors.Count);
        Assert.All(catalog.Errors, e => Assert.Contains("does not exist", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_Repository_LoadsExampleCourseAndLab()
    {
        var root = TestPaths.RepositoryRoot;
        var catalog = ContentCatalog.Load(
            new ContentOptions { ContentRoot = Path.Combine(root, "content"), LabsRoot = Path.Combine(root, "labs"), ImagesRoot = Path.Combine(root, "deploy", "images") },
            CancellationToken.None);

        Assert.Empty(catalog.Errors);
        var lesson = catalog.FindLesson(new CourseId("linux-networking"), new LessonId("veth-pairs"))!;
        Assert.Equal(catalog.FindLab(new LabId("veth-pairs"))!.Tasks.Select(t => t.Id), lesson.Tasks);
        Assert.Contains("<h3 class=\"lab-task-title\">Join them with a veth pair</h3>", lesson.Html, StringComparison.Ordinal);
    }

    private static ContentCatalog Load(string name)
    {
        var root = Path.Combine(TestPaths.ContentFixtures, name);
        return ContentCatalog.Load(
            new ContentOptions { ContentRoot = Path.Combine(root, "content"), LabsRoot = Path.Combine(root, "labs"), ImagesRoot = TestPaths.Images },
            CancellationToken.None);
    }
}
