using NetAcademy.Content.Errors;
using NetAcademy.Content.Files;
using NetAcademy.Content.Labs;
using NetAcademy.Content.Validation;
using NetAcademy.Content.Yaml;
using NetAcademy.Core.Ids;
using YamlDotNet.RepresentationModel;

namespace NetAcademy.Content.Courses;

/// <summary>
/// Loads <c>content/&lt;course-id&gt;/course.yaml</c> and the lessons it lists, rendering each lesson once.
/// The format is described in docs/lesson-format.md.
/// </summary>
public static class CourseLoader
{
    /// <summary>The course definition file inside a course folder.</summary>
    public const string FileName = "course.yaml";

    private static readonly string[] CourseKeys = ["title", "summary", "order", "instructors", "modules"];
    private static readonly string[] ModuleKeys = ["id", "title", "lessons"];

    /// <summary>Loads the course in <paramref name="courseDirectory"/>.</summary>
    /// <param name="courseDirectory">The course folder; its name is the course id.</param>
    /// <param name="labs">Lab load results by lab id, to check the labs and tasks lessons name; null skips those checks.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static CourseLoadResult Load(string courseDirectory, IReadOnlyDictionary<string, LabLoadResult>? labs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(courseDirectory);
        var directory = Path.GetFullPath(courseDirectory);
        var id = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var file = Path.Combine(directory, FileName);
        var errors = new ErrorSink(file);
        var validId = CourseId.TryParse(id, out var courseId);
        if (!validId)
        {
            errors.AddFileLevel($"The course folder name '{id}' is not a valid course id; rename the folder to lower-case letters, digits and dashes.");
        }

        if (!File.Exists(file))
        {
            errors.AddFileLevel($"The course folder has no {FileName}; create content/{id}/{FileName} (see docs/lesson-format.md).");
            return new CourseLoadResult(id, directory, null, errors.Errors);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var text = ContentFile.ReadText(file, directory, ContentFile.MaxYamlBytes, errors);
        var root = text is null ? null : YamlDocumentReader.Read(text, errors);
        var map = root is null ? null : YamlMap.From(root, errors, "course", CourseKeys);
        if (map is null)
        {
            return new CourseLoadResult(id, directory, null, errors.Errors);
        }

        var title = map.String("title", required: true);
        var summary = map.String("summary") ?? "";
        var order = map.Int("order", -10_000, 10_000) ?? 0;
        var instructors = ReadInstructors(map, errors);
        var outlines = ReadModules(map, directory, errors);
        var courseFileOk = errors.Count == 0;

        var lessonIds = outlines.SelectMany(m => m.Lessons).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        ReportUnlistedLessons(directory, lessonIds, errors);

        var lessons = new Dictionary<string, (Lesson? Lesson, IReadOnlyList<LessonReference> Prerequisites, ErrorSink Sink)>(StringComparer.Ordinal);
        foreach (var (lessonId, _) in outlines.SelectMany(m => m.Lessons))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lessonFile = Path.Combine(directory, lessonId + ".md");
            if (validId && File.Exists(lessonFile) && !lessons.ContainsKey(lessonId))
            {
                lessons[lessonId] = LessonLoader.Load(lessonFile, courseId, directory, lessonIds, labs);
            }
        }

        CheckPrerequisites(lessons, lessonIds);
        foreach (var (_, (_, _, sink)) in lessons)
        {
            errors.AddRange(sink.Errors);
        }

        if (!courseFileOk || title is null || !validId)
        {
            return new CourseLoadResult(id, directory, null, errors.Errors);
        }

        var modules = outlines
            .Select(m => new CourseModule(m.Id, m.Title, m.Lessons
                .Select(l => lessons.TryGetValue(l.Id, out var entry) && entry.Sink.Count == 0 ? entry.Lesson : null)
                .OfType<Lesson>()
                .ToList()))
            .ToList();
        return new CourseLoadResult(id, directory, new Course(courseId, title, summary, order, modules, directory) { Instructors = instructors }, errors.Errors);
    }

    // Course staff live beside the course they teach, reviewed and versioned with it, rather than in a database
    // table: no migration or admin screen is needed, a hot reload applies a change, and `netacademy lint` checks the
    // list. The names must still be instructor (or admin) accounts on the server for the listing to grant anything.
    private static HashSet<string> ReadInstructors(YamlMap map, ErrorSink errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, name) in map.Strings("instructors") ?? [])
        {
            if (!UserName.IsValid(name))
            {
                errors.Add(node, $"'{name}' is not a user name; use the instructor's account name (3-32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit).");
            }
            else if (!names.Add(name))
            {
                errors.Add(node, $"The instructor '{name}' is listed twice; list each once.");
            }
        }

        return names;
    }

    private sealed record ModuleOutline(string Id, string Title, List<(string Id, YamlNode Node)> Lessons);

    private static List<ModuleOutline> ReadModules(YamlMap map, string directory, ErrorSink errors)
    {
        var modules = new List<ModuleOutline>();
        var moduleIds = new HashSet<string>(StringComparer.Ordinal);
        var lessonIds = new HashSet<string>(StringComparer.Ordinal);
        var items = map.Sequence("modules", required: true) ?? [];
        if (map.Get("modules") is { } modulesNode && items.Count == 0)
        {
            errors.Add(modulesNode, "The course has no modules; add at least one module with its lessons.");
        }

        foreach (var item in items)
        {
            var module = YamlMap.From(item, errors, "module", ModuleKeys);
            if (module is null)
            {
                continue;
            }

            var id = module.String("id", required: true);
            if (id is not null && !Identifier.IsValid(id))
            {
                errors.Add(module.At("id"), $"'{id}' is not a valid module id; use 1-63 lower-case letters, digits and dashes.");
            }
            else if (id is not null && !moduleIds.Add(id))
            {
                errors.Add(module.At("id"), $"Two modules have the id '{id}'; module ids must be unique in a course.");
            }

            var title = module.String("title", required: true);
            var lessons = new List<(string, YamlNode)>();
            foreach (var (node, lesson) in module.Strings("lessons", required: true) ?? [])
            {
                if (!LessonId.TryParse(lesson, out _))
                {
                    errors.Add(node, $"'{lesson}' is not a valid lesson id; use the lesson's file name without .md (lower-case letters, digits and dashes).");
                }
                else if (!lessonIds.Add(lesson))
                {
                    errors.Add(node, $"The lesson '{lesson}' is listed twice in the course; list each lesson in one module once.");
                }
                else if (!File.Exists(Path.Combine(directory, lesson + ".md")))
                {
                    errors.Add(node, $"The lesson '{lesson}' has no file; create {lesson}.md in the course folder or fix the id.");
                }
                else
                {
                    lessons.Add((lesson, node));
                }
            }

            modules.Add(new ModuleOutline(id ?? "", title ?? "", lessons));
        }

        return modules;
    }

    private static void ReportUnlistedLessons(string directory, HashSet<string> listed, ErrorSink errors)
    {
        foreach (var path in Directory.EnumerateFiles(directory, "*.md").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!listed.Contains(name) && !name.Equals("README", StringComparison.OrdinalIgnoreCase))
            {
                errors.AddRange([new ContentError(path, 0, 0, $"The lesson file {name}.md is not listed in any module of {FileName}; add '{name}' to a module's lessons or remove the file.")]);
            }
        }
    }

    private static void CheckPrerequisites(
        Dictionary<string, (Lesson? Lesson, IReadOnlyList<LessonReference> Prerequisites, ErrorSink Sink)> lessons,
        HashSet<string> listed)
    {
        var edges = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, (_, prerequisites, sink)) in lessons)
        {
            foreach (var (prerequisite, line, column) in prerequisites)
            {
                if (prerequisite == id)
                {
                    sink.Add(line, column, $"The lesson '{id}' lists itself as a prerequisite; remove it.");
                }
                else if (!listed.Contains(prerequisite))
                {
                    sink.Add(line, column, $"The prerequisite '{prerequisite}' is not a lesson of this course; use a lesson id from course.yaml.");
                }
            }

            edges[id] = prerequisites.Select(p => p.Id).Where(p => p != id).ToList();
        }

        foreach (var cycle in CycleDetector.FindCycles(edges))
        {
            var owner = cycle[^2];
            var (_, prerequisites, sink) = lessons[owner];
            var at = prerequisites.First(p => p.Id == cycle[^1]);
            sink.Add(at.Line, at.Column, $"The lesson prerequisites form a cycle ({string.Join(" -> ", cycle)}); remove one of them.");
        }
    }
}
