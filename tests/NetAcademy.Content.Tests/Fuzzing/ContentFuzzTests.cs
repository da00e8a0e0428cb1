using NetAcademy.Content.Courses;
using NetAcademy.Content.Labs;
using NetAcademy.Testing.Fuzzing;

namespace NetAcademy.Content.Tests.Fuzzing;

/// <summary>
/// Property: whatever bytes an author saves, the lab and course loaders return errors (each with a file and
/// a message), never throw, and return a lab exactly when they report no error. Inputs are the repository's
/// real labs, courses and lessons plus the test fixtures, mutated. A few seconds each; set
/// NETACADEMY_FUZZ_SECONDS for a longer run and NETACADEMY_FUZZ_SEED to replay one.
/// </summary>
public sealed class ContentFuzzTests : IDisposable
{
    private static readonly string[] YamlTokens =
        ["[", "]", "{", "}", ": ", "- ", "&a ", "*a", "<<: *a", "!!binary ", "!tag ", "---\n", "...\n", "? ", "|\n", ">-\n", "#", "~", "null", "0x7fffffff", "-1", "1e400", "  ", "\t- "];

    private static readonly string[] MarkdownTokens =
        ["---\n", ":::task ", ":::hint\n", ":::\n", "```", "```sh run=host1\n", "[x](", "](javascript:alert(1))", "![i](", "<script>", "*", "_", "> ", "|", "\\", "&#0;", "[^1]", "    "];

    private readonly string _root = Directory.CreateTempSubdirectory("netacademy-fuzz-content-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void LabLoader_MutatedRealLabs_ReturnErrorsNeverThrow()
    {
        var corpus = Files(Path.Combine(TestPaths.RepositoryRoot, "labs"), "lab.yaml")
            .Concat(Files(TestPaths.LabFixtures, "lab.yaml"))
            .ToList();
        var folder = Path.Combine(_root, "labs", "fuzzed-lab");
        Directory.CreateDirectory(folder);
        var images = Path.Combine(TestPaths.RepositoryRoot, "deploy", "images");

        var iterations = FuzzLoop.Run("lab-yaml", new Mutator(corpus, YamlTokens), input =>
        {
            File.WriteAllBytes(Path.Combine(folder, LabLoader.FileName), input);
            var result = LabLoader.Load(folder, images, CancellationToken.None);
            Assert.Equal(result.Lab is null, result.Errors.Count > 0);
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        });

        Assert.True(iterations > 50, $"only {iterations} inputs in the budget");
    }

    [Fact]
    public void CourseLoader_MutatedRealCoursesAndLessons_ReturnErrorsNeverThrow()
    {
        var courses = Files(Path.Combine(TestPaths.RepositoryRoot, "content"), CourseLoader.FileName).ToList();
        var lessons = Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "content"), "*.md", SearchOption.AllDirectories)
            .Select(File.ReadAllBytes)
            .ToList();
        var folder = Path.Combine(_root, "content", "fuzzed-course");
        Directory.CreateDirectory(folder);
        var courseMutator = new Mutator(courses, YamlTokens);
        var lessonMutator = new Mutator(lessons, MarkdownTokens);
        const string Outline = "title: Fuzzed\nmodules:\n  - id: m\n    title: M\n    lessons: [fuzzed, other]\n";
        File.WriteAllText(Path.Combine(folder, "other.md"), "---\ntitle: Other\n---\nok\n");

        var iterations = FuzzLoop.Run("course", lessonMutator, input =>
        {
            // Half the inputs fuzz the course file (with a sane lesson), half the lesson (with a sane course file).
            var fuzzCourse = input.Length % 2 == 0;
            File.WriteAllBytes(Path.Combine(folder, CourseLoader.FileName), fuzzCourse ? courseMutator.Next(new Random(input.Length)) : System.Text.Encoding.UTF8.GetBytes(Outline));
            File.WriteAllBytes(Path.Combine(folder, "fuzzed.md"), fuzzCourse ? "---\ntitle: F\n---\nx\n"u8.ToArray() : input);
            var result = CourseLoader.Load(folder, labs: null, CancellationToken.None);
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
            if (!fuzzCourse)
            {
                // The untouched lesson beside the fuzzed one always survives.
                Assert.NotNull(result.Course);
                Assert.Contains(result.Course.Lessons, l => l.Id.Value == "other");
            }
        });

        Assert.True(iterations > 50, $"only {iterations} inputs in the budget");
    }

    private static IEnumerable<byte[]> Files(string root, string name) =>
        Directory.EnumerateFiles(root, name, SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes);
}
