namespace NetAcademy.Web.Lessons;

/// <summary>A piece of a lesson's HTML: lesson text, or a task block the workspace renders as a component.</summary>
public abstract record LessonSegment;

/// <summary>Lesson HTML between task blocks, shown as it is.</summary>
/// <param name="Html">Markdig's output (raw HTML in lessons is disabled, so it is the pipeline's own markup).</param>
public sealed record LessonHtml(string Html) : LessonSegment;

/// <summary>A task block of the lesson (<c>:::task id</c>).</summary>
/// <param name="TaskId">The task's id.</param>
/// <param name="TitleHtml">The block's title as the pipeline wrote it (escaped text).</param>
/// <param name="Body">The block's body: its text and the lesson's own hints.</param>
public sealed record LessonTaskBlock(string TaskId, string TitleHtml, IReadOnlyList<LessonSegment> Body) : LessonSegment;

/// <summary>A hint (<c>:::hint</c>) inside a task block, folded until opened.</summary>
/// <param name="SummaryHtml">The summary line (escaped text).</param>
/// <param name="Html">The hint's content.</param>
public sealed record LessonHint(string SummaryHtml, string Html) : LessonSegment;

/// <summary>
/// Splits a lesson's rendered HTML at the task placeholders LabTaskRenderer writes (and, inside them, at the hint
/// blocks HintRenderer writes), so the workspace can render each task as a component between the lesson's text.
/// A block whose markup is not the renderers' exact shape stays lesson HTML.
/// </summary>
public static class LessonSegments
{
    private const string TaskStart = "<section class=\"lab-task\" data-task-id=\"";
    private const string TitleStart = "<h3 class=\"lab-task-title\">";
    private const string TitleEnd = "</h3>\n";
    private const string TaskTail = "<p class=\"lab-task-status\" role=\"status\" aria-live=\"polite\"></p>\n";
    private const string TaskEnd = "</section>\n";
    private const string HintStart = "<details class=\"hint\"><summary>";
    private const string HintSummaryEnd = "</summary>\n";
    private const string HintEnd = "</details>\n";

    /// <summary>The lesson's segments in order.</summary>
    public static IReadOnlyList<LessonSegment> Split(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var segments = new List<LessonSegment>();
        var at = 0;
        while (at < html.Length)
        {
            var start = html.IndexOf(TaskStart, at, StringComparison.Ordinal);
            if (start < 0 || ParseTask(html, start) is not ({ } block, var end))
            {
                // No (more) well-formed task block: the rest is lesson text.
                if (start >= 0 && NextAfter(html, start) is var next and > 0)
                {
                    AddHtml(segments, html[at..next]);
                    at = next;
                    continue;
                }
                AddHtml(segments, html[at..]);
                break;
            }
            AddHtml(segments, html[at..start]);
            segments.Add(block);
            at = end;
        }
        return segments;
    }

    // A malformed block is skipped as text up to the next candidate.
    private static int NextAfter(string html, int start)
    {
        var next = html.IndexOf(TaskStart, start + TaskStart.Length, StringComparison.Ordinal);
        return next;
    }

    private static (LessonTaskBlock Block, int End)? ParseTask(string html, int start)
    {
        var idStart = start + TaskStart.Length;
        var idEnd = html.IndexOf("\">\n", idStart, StringComparison.Ordinal);
        if (idEnd < 0)
        {
            return null;
        }
        var id = System.Net.WebUtility.HtmlDecode(html[idStart..idEnd]);
        var titleAt = idEnd + 3;
        if (!html.AsSpan(titleAt).StartsWith(TitleStart, StringComparison.Ordinal))
        {
            return null;
        }
        var titleEnd = html.IndexOf(TitleEnd, titleAt, StringComparison.Ordinal);
        var tail = html.IndexOf(TaskTail, titleAt, StringComparison.Ordinal);
        if (titleEnd < 0 || tail < 0 || titleEnd > tail)
        {
            return null;
        }
        // After the status line: the Check button, then the section's end.
        var end = html.IndexOf(TaskEnd, tail, StringComparison.Ordinal);
        var nextTask = html.IndexOf(TaskStart, titleAt, StringComparison.Ordinal);
        if (end < 0 || (nextTask >= 0 && nextTask < end))
        {
            return null;
        }
        var title = html[(titleAt + TitleStart.Length)..titleEnd];
        var body = SplitHints(html[(titleEnd + TitleEnd.Length)..tail]);
        return (new LessonTaskBlock(id, title, body), end + TaskEnd.Length);
    }

    private static List<LessonSegment> SplitHints(string body)
    {
        var segments = new List<LessonSegment>();
        var at = 0;
        while (true)
        {
            var start = body.IndexOf(HintStart, at, StringComparison.Ordinal);
            var summaryEnd = start < 0 ? -1 : body.IndexOf(HintSummaryEnd, start, StringComparison.Ordinal);
            var end = summaryEnd < 0 ? -1 : body.IndexOf(HintEnd, summaryEnd, StringComparison.Ordinal);
            var nested = summaryEnd < 0 ? -1 : body.IndexOf(HintStart, summaryEnd, StringComparison.Ordinal);
            if (start < 0 || summaryEnd < 0 || end < 0 || (nested >= 0 && nested < end))
            {
                AddHtml(segments, body[at..]);
                return segments;
            }
            AddHtml(segments, body[at..start]);
            segments.Add(new LessonHint(body[(start + HintStart.Length)..summaryEnd], body[(summaryEnd + HintSummaryEnd.Length)..end]));
            at = end + HintEnd.Length;
        }
    }

    private static void AddHtml(List<LessonSegment> segments, string html)
    {
        if (html.Length > 0)
        {
            segments.Add(new LessonHtml(html));
        }
    }
}
