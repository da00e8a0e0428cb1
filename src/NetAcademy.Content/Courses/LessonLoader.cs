using NetAcademy.Content.Errors;
using NetAcademy.Content.Files;
using NetAcademy.Content.Labs;
using NetAcademy.Content.Markdown;
using NetAcademy.Content.Yaml;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using YamlDotNet.RepresentationModel;

namespace NetAcademy.Content.Courses;

/// <summary>Reads one lesson file: front matter through Markdig's YAML front matter block, then the rendered body.</summary>
internal static class LessonLoader
{
    private static readonly string[] Keys = ["title", "summary", "minutes", "prerequisites", "lab", "tasks"];

    public static (Lesson? Lesson, IReadOnlyList<LessonReference> Prerequisites, ErrorSink Sink) Load(
        string file, CourseId course, string courseDirectory, IReadOnlySet<string> lessonIds, IReadOnlyDictionary<string, LabLoadResult>? labs)
    {
        var errors = new ErrorSink(file);
        var id = new LessonId(Path.GetFileNameWithoutExtension(file));
        var text = ContentFile.ReadText(file, courseDirectory, ContentFile.MaxLessonBytes, errors);
        if (text is null)
        {
            return (null, [], errors);
        }

        Markdig.Syntax.MarkdownDocument document;
        try
        {
            document = LessonMarkdown.Parse(text);
        }
        catch (ArgumentException ex)
        {
            // Markdig refuses input nested past its depth limit by throwing; one lesson must not fail the catalog.
            errors.AddFileLevel(TooDeeplyNested("parsed", ex));
            return (null, [], errors);
        }

        var frontMatter = LessonMarkdown.GetFrontMatter(document);
        if (frontMatter is null)
        {
            errors.Add(1, 1, "The lesson has no front matter; start the file with '---', the keys title, summary and lab, and '---'.");
            return (null, [], errors);
        }

        var yamlErrors = errors.WithLineOffset(frontMatter.Value.FirstLine);
        var root = YamlDocumentReader.Read(frontMatter.Value.Yaml, yamlErrors);
        var map = root is null ? null : YamlMap.From(root, yamlErrors, "lesson front matter", Keys);
        if (map is null)
        {
            errors.AddRange(yamlErrors.Errors);
            return (null, [], errors);
        }

        var title = map.String("title", required: true);
        var summary = map.String("summary") ?? "";
        var minutes = map.Int("minutes", 1, 600);
        var prerequisites = new List<LessonReference>();
        foreach (var (node, value) in map.Strings("prerequisites") ?? [])
        {
            if (LessonId.TryParse(value, out _))
            {
                prerequisites.Add(new LessonReference(value, (int)node.Start.Line + frontMatter.Value.FirstLine, (int)node.Start.Column));
            }
            else
            {
                yamlErrors.Add(node, $"'{value}' is not a valid lesson id; use a lesson's file name without .md.");
            }
        }

        var (labId, lab) = ReadLab(map, yamlErrors, labs);
        var declaredTasks = ReadTasks(map, yamlErrors, labId, lab);
        errors.AddRange(yamlErrors.Errors);

        LessonRenderResult rendered;
        try
        {
            rendered = LessonMarkdown.Render(document, new LessonRenderContext(course, courseDirectory, labId, lab, lessonIds), file);
        }
        catch (ArgumentException ex)
        {
            // The HTML renderer has a depth limit of its own (deeply nested emphasis parses but cannot be written).
            errors.AddFileLevel(TooDeeplyNested("rendered", ex));
            return (null, prerequisites, errors);
        }

        errors.AddRange(rendered.Errors);
        var tasks = declaredTasks ?? rendered.TaskIds.Where(t => TaskId.TryParse(t, out _)).Select(t => new TaskId(t)).ToList();

        // The wrapper sink carries the yaml errors plus body errors; prerequisites get checked by the course loader.
        var lesson = title is null
            ? null
            : new Lesson(course, id, title, summary, minutes, prerequisites.Select(p => new LessonId(p.Id)).ToList(), labId, tasks, rendered.Html, file);
        return (lesson, prerequisites, errors);
    }

    private static string TooDeeplyNested(string stage, ArgumentException ex) =>
        $"The lesson cannot be {stage}: {ex.Message} Flatten the deeply nested lists, quotes, brackets or emphasis.";

    private static (LabId? Id, Lab? Lab) ReadLab(YamlMap map, ErrorSink errors, IReadOnlyDictionary<string, LabLoadResult>? labs)
    {
        var text = map.String("lab");
        if (text is null)
        {
            return (null, null);
        }

        if (!LabId.TryParse(text, out var labId))
        {
            errors.Add(map.At("lab"), $"'{text}' is not a valid lab id; use the name of a folder under labs/.");
            return (null, null);
        }

        if (labs is null)
        {
            return (labId, null);
        }

        if (!labs.TryGetValue(text, out var result))
        {
            errors.Add(map.At("lab"), $"The lab '{text}' does not exist; create labs/{text}/lab.yaml or fix the id.");
            return (null, null);
        }

        return (labId, result.Lab);
    }

    private static List<TaskId>? ReadTasks(YamlMap map, ErrorSink errors, LabId? labId, Lab? lab)
    {
        var items = map.Strings("tasks");
        if (items is null)
        {
            return null;
        }

        if (labId is null && items.Count > 0 && !map.Has("lab"))
        {
            errors.Add(map.At("tasks"), "The lesson lists tasks but names no lab; add 'lab: <lab-id>'.");
            return null;
        }

        var tasks = new List<TaskId>();
        foreach (var (node, value) in items)
        {
            if (!TaskId.TryParse(value, out var taskId))
            {
                errors.Add(node, $"'{value}' is not a valid task id.");
            }
            else if (lab is not null && lab.FindTask(taskId) is null)
            {
                errors.Add(node, $"The lab '{lab.Id}' has no task '{value}'; use one of: {string.Join(", ", lab.Tasks.Select(t => t.Id.Value))}.");
            }
            else if (tasks.Contains(taskId))
            {
                errors.Add(node, $"The task '{value}' is listed twice; remove one.");
            }
            else
            {
                tasks.Add(taskId);
            }
        }

        return tasks;
    }
}
