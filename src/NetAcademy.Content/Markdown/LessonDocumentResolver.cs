using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using NetAcademy.Content.Errors;
using NetAcademy.Content.Markdown.LabTasks;
using NetAcademy.Content.Markdown.RunnableCode;
using NetAcademy.Content.Markdown.SafeLinks;
using NetAcademy.Core.Ids;

namespace NetAcademy.Content.Markdown;

/// <summary>
/// A pass over the parsed lesson, between parsing and rendering: checks task ids and run nodes against the
/// lab, fills task titles, and rewrites relative URLs to the site's content route. Working on the syntax tree
/// keeps code spans and code blocks untouched, which text pre-processing could not promise.
/// </summary>
internal static class LessonDocumentResolver
{
    public static IReadOnlyList<string> Resolve(MarkdownDocument document, LessonRenderContext context, ErrorSink errors)
    {
        var tasks = new List<string>();
        foreach (var item in document.Descendants())
        {
            switch (item)
            {
                case LabTaskBlock task:
                    ResolveTask(task, context, errors, tasks);
                    break;
                case FencedCodeBlock code when RunnableCodeInfo.GetRunNode(code) is { } node:
                    ResolveRunNode(code, node, context, errors);
                    break;
                case LinkInline link when link.Url is not null:
                    ResolveLink(link, context, errors);
                    break;
                case AutolinkInline auto when !auto.IsEmail && !SafeUrl.IsAllowed(auto.Url):
                    Add(errors, auto, $"The link '{auto.Url}' uses a scheme that is not allowed; only http, https, mailto and relative links are rendered.");
                    break;
                // Leaf lines are released after inline parsing, so look at the first inline instead.
                case ParagraphBlock { Inline.FirstChild: LiteralInline first } paragraph when first.Content.ToString().StartsWith(":::", StringComparison.Ordinal):
                    Add(errors, paragraph, "Unknown ':::' block; use :::note, :::tip, :::warning, :::hint or :::task <task-id>, and close it with ':::'.");
                    break;
            }
        }

        return tasks;
    }

    private static void ResolveTask(LabTaskBlock block, LessonRenderContext context, ErrorSink errors, List<string> tasks)
    {
        var id = block.TaskId;
        if (!TaskId.TryParse(id, out var taskId))
        {
            Add(errors, block, id.Length == 0
                ? "A ':::task' block needs the task id after it, e.g. ':::task make-veth'."
                : $"'{id}' is not a valid task id; use the id of a task in the lab.");
            return;
        }

        if (tasks.Contains(id))
        {
            Add(errors, block, $"The task '{id}' appears twice in the lesson; show each task once.");
        }

        tasks.Add(id);
        if (context.LabId is null)
        {
            Add(errors, block, $"The lesson shows task '{id}' but names no lab; add 'lab: <lab-id>' to its front matter.");
            return;
        }

        if (context.Lab is null)
        {
            return; // The lab exists but failed to load; its own errors say why.
        }

        var labTask = context.Lab.FindTask(taskId);
        if (labTask is null)
        {
            Add(errors, block, $"The lab '{context.Lab.Id}' has no task '{id}'; use one of: {string.Join(", ", context.Lab.Tasks.Select(t => t.Id.Value))}.");
            return;
        }

        block.Title = labTask.Title;
    }

    private static void ResolveRunNode(FencedCodeBlock block, string node, LessonRenderContext context, ErrorSink errors)
    {
        if (!NodeName.TryParse(node, out var name))
        {
            Add(errors, block, $"'run={node}' does not name a valid node; write run=<node name>, e.g. run=host1.");
        }
        else if (context.LabId is null)
        {
            Add(errors, block, $"The code block runs on '{node}' but the lesson names no lab; add 'lab: <lab-id>' to its front matter.");
        }
        else if (context.Lab is not null && context.Lab.FindNode(name) is null)
        {
            Add(errors, block, $"The lab '{context.Lab.Id}' has no node '{node}'; use one of: {string.Join(", ", context.Lab.Nodes.Select(n => n.Name.Value))}.");
        }
    }

    private static void ResolveLink(LinkInline link, LessonRenderContext context, ErrorSink errors)
    {
        var url = link.Url!;
        var what = link.IsImage ? "image" : "link";
        if (!SafeUrl.IsAllowed(url))
        {
            Add(errors, link, $"The {what} '{url}' uses a scheme that is not allowed; only http, https, mailto and relative URLs are rendered.");
            return;
        }

        if (url.Length == 0 || url[0] is '#' or '?' || !SafeUrl.IsRelative(url))
        {
            return;
        }

        var cut = url.IndexOfAny(['?', '#']);
        var path = cut < 0 ? url : url[..cut];
        var suffix = cut < 0 ? "" : url[cut..];
        if (path.Contains('\\') || (path.Length >= 2 && path[1] == ':'))
        {
            Add(errors, link, $"The {what} '{url}' looks like a Windows path; write a relative path with '/' separators.");
            return;
        }

        if (path.StartsWith('/'))
        {
            if (link.IsImage)
            {
                Add(errors, link, $"The image path '{url}' is absolute; store the image beside the lesson and write a relative path such as images/diagram.svg.");
            }

            return; // A site-absolute link such as /labs is the author's choice.
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            var decoded = Uri.UnescapeDataString(segment);
            if (decoded is "" or ".")
            {
                continue;
            }

            if (decoded == "..")
            {
                if (segments.Count == 0)
                {
                    Add(errors, link, $"The {what} '{url}' leaves the course folder; keep images and files inside content/{context.Course}/.");
                    return;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            if (decoded.Contains('/') || decoded.Contains('\\') || decoded.Contains('\0'))
            {
                Add(errors, link, $"The {what} '{url}' contains an encoded path separator; write the path plainly.");
                return;
            }

            segments.Add(segment);
        }

        if (segments.Count == 0)
        {
            return;
        }

        var normalized = string.Join('/', segments);
        if (!link.IsImage && segments.Count == 1 && normalized.EndsWith(".md", StringComparison.Ordinal))
        {
            var lesson = Uri.UnescapeDataString(normalized[..^3]);
            if (context.LessonIds is not null && !context.LessonIds.Contains(lesson))
            {
                Add(errors, link, $"The link '{url}' names lesson '{lesson}', which is not in this course's course.yaml; fix the file name or add the lesson.");
                return;
            }

            link.Url = ContentUrls.Lesson(context.Course, lesson) + suffix;
            return;
        }

        var file = Path.Combine([context.CourseDirectory, .. segments.Select(Uri.UnescapeDataString)]);
        if (!File.Exists(file))
        {
            Add(errors, link, $"The {what} '{url}' does not exist in the course folder; add the file beside the lesson or fix the path.");
            return;
        }

        if (!Files.ContentPath.IsInside(context.CourseDirectory, file))
        {
            // The site refuses to serve it (it would expose a host file), so say so at lint time.
            Add(errors, link, $"The {what} '{url}' is a link to a file outside the course folder; copy the file into content/{context.Course}/ instead.");
            return;
        }

        link.Url = ContentUrls.Asset(context.Course, normalized) + suffix;
    }

    private static void Add(ErrorSink errors, MarkdownObject at, string message) =>
        errors.Add(at.Line + 1, at.Column + 1, message);
}
