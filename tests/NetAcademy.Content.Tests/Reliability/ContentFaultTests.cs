using System.Diagnostics;
using NetAcademy.Content.Catalog;
using NetAcademy.Content.Errors;
using NetAcademy.Content.Labs;
using NetAcademy.Core.Ids;

namespace NetAcademy.Content.Tests.Reliability;

/// <summary>
/// Bad files beside good ones: each bad file is reported (file and reason), nothing throws, nothing is
/// loaded whole when it is too big, nothing is read through a link that leaves the content folders, and
/// the good course and lab still load.
/// </summary>
public sealed class ContentFaultTests : IDisposable
{
    private const long TwentyMegabytes = 20L * 1024 * 1024;
    private readonly ScratchContent _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Load_TwentyMegabyteLabYaml_RefusedWithSizeErrorWithoutReadingIt()
    {
        Directory.CreateDirectory(_tree.LabFolder("huge"));
        ScratchContent.WriteHuge(Path.Combine(_tree.LabFolder("huge"), "lab.yaml"), TwentyMegabytes, "title: Huge\n");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var catalog = _tree.Load();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var error = Assert.Single(ErrorsIn(catalog, "huge"));
        Assert.Contains("lab.yaml is 20 MiB; files over 1 MiB are not loaded", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 8 * 1024 * 1024, $"Loading allocated {allocated / 1024 / 1024} MiB: the huge file was read.");
        AssertGoodContentLoaded(catalog);
    }

    [Fact]
    public void Load_TwentyMegabyteLesson_RefusedWithSizeErrorOtherLessonsServe()
    {
        _tree.WriteCourse("big", ("small", ScratchContent.Lesson("Small", "ok")), ("huge", ""));
        ScratchContent.WriteHuge(Path.Combine(_tree.CourseFolder("big"), "huge.md"), TwentyMegabytes, "---\ntitle: Huge\n---\n");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var catalog = _tree.Load();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var error = Assert.Single(ErrorsIn(catalog, "big"));
        Assert.EndsWith("huge.md", error.File, StringComparison.Ordinal);
        Assert.Contains("huge.md is 20 MiB; files over 2 MiB are not loaded", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 8 * 1024 * 1024, $"Loading allocated {allocated / 1024 / 1024} MiB: the huge file was read.");
        Assert.Equal(["small"], catalog.FindCourse(new CourseId("big"))!.Lessons.Select(l => l.Id.Value));
        AssertGoodContentLoaded(catalog);
    }

    [Fact]
    public void Load_HugeSolutionScript_RefusedAtItsLine()
    {
        _tree.WriteLab("big-script", ScratchContent.GoodLab + "\n    solution:\n      - node: host1\n        script: solve.sh\n");
        ScratchContent.WriteHuge(Path.Combine(_tree.LabFolder("big-script"), "solve.sh"), TwentyMegabytes, "#!/bin/sh\n");

        var error = Assert.Single(ErrorsIn(_tree.Load(), "big-script"));

        Assert.Contains("solve.sh is 20 MiB; files over 1 MiB are not loaded", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0, "The error points at the 'script' key.");
    }

    [Theory]
    [InlineData("flow sequences", "[", "]")]
    [InlineData("flow mappings", "{a: ", "}")]
    public void Load_YamlNestedHundredThousandDeep_ReportsNestingWithoutStackOverflow(string what, string open, string close)
    {
        // 100,000 levels overflow YamlDotNet's recursive tree builder (a crash no catch can stop) unless refused first.
        const int depth = 100_000;
        _tree.WriteLab("deep", "title: Deep\nnodes: " + string.Concat(Enumerable.Repeat(open, depth)) + string.Concat(Enumerable.Repeat(close, depth)) + "\n");

        var clock = Stopwatch.StartNew();
        var catalog = _tree.Load();

        var error = Assert.Single(ErrorsIn(catalog, "deep"));
        Assert.Contains("nested more than 64 levels deep", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{what}: took {clock.Elapsed}");
        AssertGoodContentLoaded(catalog);
    }

    [Fact]
    public void Load_DeeplyNestedBlockYaml_ReportsNesting()
    {
        var yaml = "title: Deep\nnodes:\n" + string.Concat(Enumerable.Range(1, 200).Select(i => new string(' ', i) + "-\n"));
        _tree.WriteLab("deep-block", yaml);

        var error = Assert.Single(ErrorsIn(_tree.Load(), "deep-block"));

        Assert.Contains("nested more than 64 levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_YamlBombOfAliases_FinishesQuicklyWithErrors()
    {
        // "Billion laughs": nine levels of nine aliases each would be 387 million strings if expanded.
        var lines = new List<string> { "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            lines.Add($"{level}: &{level} [{string.Join(", ", Enumerable.Repeat("*" + previous, 9))}]");
        }
        lines.Add("title: Bomb");
        lines.Add("nodes: [*i, *i, *i, *i, *i, *i, *i, *i, *i]");
        _tree.WriteLab("bomb", string.Join('\n', lines) + "\n");

        var clock = Stopwatch.StartNew();
        var catalog = _tree.Load();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.NotEmpty(ErrorsIn(catalog, "bomb"));
        Assert.Null(catalog.FindLab(new LabId("bomb")));
        AssertGoodContentLoaded(catalog);
    }

    [Theory]
    [InlineData("quotes", ">", "", "parsed")]
    [InlineData("brackets", "[", "", "parsed")]
    [InlineData("emphasis", "*a ", "", "parsed")]
    [InlineData("closed emphasis", "*", "*", "rendered")]
    public void Load_LessonNestedPastMarkdigLimit_ReportsErrorOtherLessonsServe(string what, string open, string close, string stage)
    {
        // Markdig throws ArgumentException past its depth limit, in the parser and (for closed emphasis, which
        // parses) in the HTML renderer; uncaught, it failed the whole catalog.
        var body = string.Concat(Enumerable.Repeat(open, 20_000)) + "x" + string.Concat(Enumerable.Repeat(close, 20_000));
        _tree.WriteCourse("nested", ("fine", ScratchContent.Lesson("Fine", "ok")), ("deep", ScratchContent.Lesson("Deep", body)));

        var catalog = _tree.Load();

        var error = Assert.Single(ErrorsIn(catalog, "nested"));
        Assert.EndsWith("deep.md", error.File, StringComparison.Ordinal);
        Assert.True(error.Message.Contains($"cannot be {stage}", StringComparison.Ordinal), $"{what}: {error.Message}");
        Assert.Equal(["fine"], catalog.FindCourse(new CourseId("nested"))!.Lessons.Select(l => l.Id.Value));
        AssertGoodContentLoaded(catalog);
    }

    [Fact]
    public void Load_BinaryLabYamlAndLesson_ReportedAsBinary()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[100] = 0;
        Directory.CreateDirectory(_tree.LabFolder("binary"));
        File.WriteAllBytes(Path.Combine(_tree.LabFolder("binary"), "lab.yaml"), bytes);
        _tree.WriteCourse("bin-course", ("fine", ScratchContent.Lesson("Fine", "ok")), ("blob", ""));
        File.WriteAllBytes(Path.Combine(_tree.CourseFolder("bin-course"), "blob.md"), bytes);

        var catalog = _tree.Load();

        Assert.Contains("is a binary file", Assert.Single(ErrorsIn(catalog, "binary")).Message, StringComparison.Ordinal);
        Assert.Contains("is a binary file", Assert.Single(ErrorsIn(catalog, "bin-course")).Message, StringComparison.Ordinal);
        Assert.Equal(["fine"], catalog.FindCourse(new CourseId("bin-course"))!.Lessons.Select(l => l.Id.Value));
        AssertGoodContentLoaded(catalog);
    }

    [Fact]
    public void Load_InvalidUtf8Lesson_ReportedAsNotUtf8()
    {
        _tree.WriteCourse("latin", ("old", ""));
        File.WriteAllBytes(Path.Combine(_tree.CourseFolder("latin"), "old.md"), [.. "---\ntitle: Caf"u8, 0xE9, .. "\n---\nx\n"u8]);

        var error = Assert.Single(ErrorsIn(_tree.Load(), "latin"));

        Assert.Contains("is not valid UTF-8 text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LabYamlLinkedFromOutside_Refused()
    {
        var secret = Path.Combine(_tree.Outside, "lab.yaml");
        File.WriteAllText(secret, ScratchContent.GoodLab);
        Directory.CreateDirectory(_tree.LabFolder("linked"));
        File.CreateSymbolicLink(Path.Combine(_tree.LabFolder("linked"), "lab.yaml"), secret);

        var catalog = _tree.Load();

        Assert.Contains("is a link to a file outside its folder", Assert.Single(ErrorsIn(catalog, "linked")).Message, StringComparison.Ordinal);
        Assert.Null(catalog.FindLab(new LabId("linked")));
    }

    [Fact]
    public void Load_LessonLinkedFromOutside_RefusedNotRendered()
    {
        var secret = Path.Combine(_tree.Outside, "secret.md");
        File.WriteAllText(secret, ScratchContent.Lesson("Secret", "host-secret-text"));
        _tree.WriteCourse("leaky", ("fine", ScratchContent.Lesson("Fine", "ok")), ("linked", ""));
        var link = Path.Combine(_tree.CourseFolder("leaky"), "linked.md");
        File.Delete(link);
        File.CreateSymbolicLink(link, secret);

        var catalog = _tree.Load();

        Assert.Contains("is a link to a file outside its folder", Assert.Single(ErrorsIn(catalog, "leaky")).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(catalog.Courses.SelectMany(c => c.Lessons), l => l.Html.Contains("host-secret-text", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SetupScriptInsideLinkedFolder_RefusedAsOutside()
    {
        // The last component is a plain file; the escape is a folder link on the way, which a check of
        // only the file's own link missed.
        File.WriteAllText(Path.Combine(_tree.Outside, "setup.sh"), "echo host file\n");
        _tree.WriteLab("folder-link", ScratchContent.GoodLab.Replace("    image: base", "    image: base\n    setup: [scripts/setup.sh]", StringComparison.Ordinal));
        Directory.CreateSymbolicLink(Path.Combine(_tree.LabFolder("folder-link"), "scripts"), _tree.Outside);

        var result = LabLoader.Load(_tree.LabFolder("folder-link"), Path.Combine(_tree.Root, "images"), CancellationToken.None);

        Assert.Null(result.Lab);
        Assert.Contains("is a link to a file outside the lab folder", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LessonImageLinkedFromOutside_ReportedAtItsLine()
    {
        File.WriteAllText(Path.Combine(_tree.Outside, "passwd.png"), "not an image");
        _tree.WriteCourse("pics", ("show", ScratchContent.Lesson("Show", "Look:\n\n![diagram](img/passwd.png)")));
        Directory.CreateSymbolicLink(Path.Combine(_tree.CourseFolder("pics"), "img"), _tree.Outside);

        var error = Assert.Single(ErrorsIn(_tree.Load(), "pics"));

        Assert.Contains("is a link to a file outside the course folder", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Line);
    }

    [Fact]
    public void Load_LinkLoop_ReportedNotHung()
    {
        Directory.CreateDirectory(_tree.LabFolder("loop"));
        File.CreateSymbolicLink(Path.Combine(_tree.LabFolder("loop"), "lab.yaml"), Path.Combine(_tree.LabFolder("loop"), "other.yaml"));
        File.CreateSymbolicLink(Path.Combine(_tree.LabFolder("loop"), "other.yaml"), Path.Combine(_tree.LabFolder("loop"), "lab.yaml"));

        var catalog = _tree.Load();

        Assert.NotEmpty(ErrorsIn(catalog, "loop"));
        AssertGoodContentLoaded(catalog);
    }

    [Fact]
    public void Load_LabNamesImageWithoutRecipe_ReportedLabUnavailableRestLoads()
    {
        _tree.WriteLab("no-image", ScratchContent.GoodLab.Replace("image: base", "image: does-not-exist", StringComparison.Ordinal));

        var catalog = _tree.Load();

        var error = Assert.Single(ErrorsIn(catalog, "no-image"));
        Assert.Contains("does-not-exist", error.Message, StringComparison.Ordinal);
        Assert.Null(catalog.FindLab(new LabId("no-image")));
        AssertGoodContentLoaded(catalog);
    }

    [Fact]
    public async Task Provider_BrokenCourseAppearsAfterReload_GoodCourseKeepsServing()
    {
        using var provider = new ContentCatalogProvider(Microsoft.Extensions.Options.Options.Create(_tree.Options),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ContentCatalogProvider>.Instance);
        Assert.NotNull(provider.Current.FindCourse(new CourseId("good-course")));

        Directory.CreateDirectory(_tree.CourseFolder("broken"));
        File.WriteAllText(Path.Combine(_tree.CourseFolder("broken"), "course.yaml"), "title: [unclosed\nmodules: {\n");
        await provider.ReloadAsync(CancellationToken.None);

        Assert.NotEmpty(ErrorsIn(provider.Current, "broken"));
        AssertGoodContentLoaded(provider.Current);
    }

    private IReadOnlyList<ContentError> ErrorsIn(ContentCatalog catalog, string folder) =>
        catalog.Errors.Where(e => e.File.Contains(Path.DirectorySeparatorChar + folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();

    private static void AssertGoodContentLoaded(ContentCatalog catalog)
    {
        Assert.NotNull(catalog.FindLab(new LabId("good-lab")));
        var course = catalog.FindCourse(new CourseId("good-course"));
        Assert.NotNull(course);
        Assert.Contains("Hello, world.", Assert.Single(course.Lessons).Html, StringComparison.Ordinal);
    }
}
