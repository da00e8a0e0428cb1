using NetAcademy.Content.Catalog;

namespace NetAcademy.Content.Tests.Reliability;

/// <summary>
/// A throw-away content tree (content/, labs/, images/base) in a temp folder, seeded with one good course
/// and one good lab, for tests that put a bad file beside them. Deleted on dispose.
/// </summary>
internal sealed class ScratchContent : IDisposable
{
    public const string GoodLab = """
        title: Good lab
        nodes:
          - name: host1
            image: base
        tasks:
          - id: t1
            title: Task one
            checks:
              - kind: command
                node: host1
                argv: [ip, link]
        """;

    public ScratchContent()
    {
        Root = Directory.CreateTempSubdirectory("netacademy-reliability-").FullName;
        // Outside is a sibling of the content tree: what a link must not reach.
        Outside = Path.Combine(Root, "outside");
        Directory.CreateDirectory(Outside);
        Directory.CreateDirectory(Path.Combine(Root, "images", "base"));
        File.WriteAllText(Path.Combine(Root, "images", "base", "packages.txt"), "iproute2\n");
        WriteLab("good-lab", GoodLab);
        WriteCourse("good-course", ("welcome", Lesson("Welcome", "Hello, world.")));
    }

    public string Root { get; }

    public string Outside { get; }

    public string ContentRoot => Path.Combine(Root, "content");

    public string LabsRoot => Path.Combine(Root, "labs");

    public ContentOptions Options => new()
    {
        ContentRoot = ContentRoot,
        LabsRoot = LabsRoot,
        ImagesRoot = Path.Combine(Root, "images"),
        WatchForChanges = false,
    };

    public static string Lesson(string title, string body) => $"---\ntitle: {title}\nsummary: s\n---\n{body}\n";

    public string LabFolder(string id) => Path.Combine(LabsRoot, id);

    public string CourseFolder(string id) => Path.Combine(ContentRoot, id);

    public void WriteLab(string id, string yaml)
    {
        Directory.CreateDirectory(LabFolder(id));
        File.WriteAllText(Path.Combine(LabFolder(id), "lab.yaml"), yaml);
    }

    /// <summary>A course with one module listing the lessons, each written as given.</summary>
    public void WriteCourse(string id, params (string Id, string Text)[] lessons)
    {
        Directory.CreateDirectory(CourseFolder(id));
        var list = string.Join(", ", lessons.Select(l => l.Id));
        File.WriteAllText(Path.Combine(CourseFolder(id), "course.yaml"), $"title: Course {id}\nmodules:\n  - id: m\n    title: M\n    lessons: [{list}]\n");
        foreach (var (lesson, text) in lessons)
        {
            File.WriteAllText(Path.Combine(CourseFolder(id), lesson + ".md"), text);
        }
    }

    /// <summary>A sparse file of <paramref name="bytes"/> bytes: big on paper, cheap on disk.</summary>
    public static void WriteHuge(string path, long bytes, string head)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        var prefix = System.Text.Encoding.UTF8.GetBytes(head);
        stream.Write(prefix);
        stream.SetLength(bytes);
    }

    public ContentCatalog Load() => ContentCatalog.Load(Options, CancellationToken.None);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
