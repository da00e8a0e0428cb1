using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using NetAcademy.Content.Catalog;

namespace NetAcademy.Web.Catalog;

/// <summary>
/// Plain-text search over the courses and lessons of one <see cref="ContentCatalog"/>: titles, summaries and
/// lesson text (the rendered lesson with its markup and code-block buttons removed). Every word of the query has
/// to occur (case-insensitively, as a prefix of a word or anywhere inside one); hits are ranked title first, then
/// summary, then text. The catalog is replaced on every content reload, so the index is built once per catalog
/// instance and dropped with it. Thread-safe once built.
/// </summary>
public sealed partial class CatalogSearchIndex
{
    /// <summary>Longest query looked at; the rest is ignored.</summary>
    public const int MaxQueryLength = 200;

    private const int SnippetRadius = 80;
    private static readonly ConditionalWeakTable<ContentCatalog, CatalogSearchIndex> Indexes = new();

    private readonly IReadOnlyList<Entry> _entries;

    private CatalogSearchIndex(IReadOnlyList<Entry> entries) => _entries = entries;

    /// <summary>The index of <paramref name="catalog"/>, built on first use.</summary>
    public static CatalogSearchIndex For(ContentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Indexes.GetValue(catalog, Build);
    }

    /// <summary>Splits a query into the lower-case words searched for (at most 8; punctuation separates words).</summary>
    public static IReadOnlyList<string> Terms(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }
        var text = query.Length > MaxQueryLength ? query[..MaxQueryLength] : query;
        return WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Take(8).ToList();
    }

    /// <summary>Courses and lessons matching every word of <paramref name="query"/>, best first.</summary>
    /// <param name="query">What the learner typed; empty or only punctuation gives no hits.</param>
    /// <param name="limit">At most this many hits.</param>
    public IReadOnlyList<CatalogSearchHit> Search(string? query, int limit = 50)
    {
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            return [];
        }
        var hits = new List<CatalogSearchHit>();
        foreach (var entry in _entries)
        {
            var score = 0;
            var all = true;
            foreach (var term in terms)
            {
                var inTitle = Count(entry.TitleLower, term);
                var inSummary = Count(entry.SummaryLower, term);
                var inText = Count(entry.TextLower, term);
                if (inTitle + inSummary + inText == 0)
                {
                    all = false;
                    break;
                }
                score += (inTitle * 20) + (inSummary * 6) + Math.Min(inText, 10);
            }
            if (!all)
            {
                continue;
            }
            // Whole courses rank a little above their lessons when both match as well.
            score += entry.Kind == CatalogSearchHitKind.Course ? 1 : 0;
            var inHeadline = terms.All(t => entry.TitleLower.Contains(t, StringComparison.Ordinal) || entry.SummaryLower.Contains(t, StringComparison.Ordinal));
            hits.Add(new CatalogSearchHit(entry.Kind, entry.Title, entry.Url, entry.CourseTitle, entry.Summary,
                inHeadline ? null : Snippet(entry.Text, entry.TextLower, terms), score));
        }
        return hits.OrderByDescending(h => h.Score).ThenBy(h => h.Title, StringComparer.OrdinalIgnoreCase).Take(limit).ToList();
    }

    private static CatalogSearchIndex Build(ContentCatalog catalog)
    {
        var entries = new List<Entry>();
        foreach (var course in catalog.Courses)
        {
            var courseUrl = $"/courses/{course.Id}";
            entries.Add(new Entry(CatalogSearchHitKind.Course, course.Title, courseUrl, course.Title, course.Summary,
                string.Join(' ', course.Modules.Select(m => m.Title))));
            foreach (var lesson in course.Lessons)
            {
                entries.Add(new Entry(CatalogSearchHitKind.Lesson, lesson.Title, $"{courseUrl}/{lesson.Id}", course.Title, lesson.Summary,
                    PlainText(lesson.Html)));
            }
        }
        return new CatalogSearchIndex(entries);
    }

    /// <summary>The readable text of rendered lesson HTML: no tags, no code-block buttons, entities decoded, spaces collapsed.</summary>
    public static string PlainText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        // The Copy / Run buttons of code blocks would otherwise make "copy" match every lesson.
        var text = CodeActionsPattern().Replace(html, " ");
        text = TagPattern().Replace(text, " ");
        text = WebUtility.HtmlDecode(text);
        return SpacePattern().Replace(text, " ").Trim();
    }

    private static int Count(string haystack, string term)
    {
        var count = 0;
        for (var at = haystack.IndexOf(term, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(term, at + term.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static SearchSnippet? Snippet(string text, string lower, IReadOnlyList<string> terms)
    {
        var first = terms.Select(t => lower.IndexOf(t, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (first < 0)
        {
            return null;
        }
        var longest = terms.Max(t => t.Length);
        var start = Math.Max(0, first - SnippetRadius);
        var end = Math.Min(text.Length, first + Math.Max(SnippetRadius, longest));
        // Cut at word boundaries so the excerpt does not start or end mid-word.
        if (start > 0 && text.IndexOf(' ', start) is var space and >= 0 && space < first)
        {
            start = space + 1;
        }
        if (end < text.Length && text.LastIndexOf(' ', end) is var last && last >= first + longest)
        {
            end = last;
        }

        // Mark every occurrence of any term inside the excerpt (positions in the lower-case copy hold in the text).
        var marks = new bool[end - start];
        foreach (var term in terms)
        {
            var at = lower.IndexOf(term, start, end - start, StringComparison.Ordinal);
            while (at >= 0)
            {
                Array.Fill(marks, true, at - start, term.Length);
                var next = at + term.Length;
                at = next < end ? lower.IndexOf(term, next, end - next, StringComparison.Ordinal) : -1;
            }
        }
        var pieces = new List<SnippetPiece>();
        if (start > 0)
        {
            pieces.Add(new SnippetPiece("… ", false));
        }
        var runStart = 0;
        for (var i = 1; i <= marks.Length; i++)
        {
            if (i == marks.Length || marks[i] != marks[runStart])
            {
                pieces.Add(new SnippetPiece(text.Substring(start + runStart, i - runStart), marks[runStart]));
                runStart = i;
            }
        }
        if (end < text.Length)
        {
            pieces.Add(new SnippetPiece(" …", false));
        }
        return new SearchSnippet(pieces);
    }

    [GeneratedRegex(@"[\p{L}\p{N}_]+(?:[.\-/:][\p{L}\p{N}_]+)*")]
    private static partial Regex WordPattern();

    [GeneratedRegex("<div class=\"code-actions\">.*?</div>", RegexOptions.Singleline)]
    private static partial Regex CodeActionsPattern();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpacePattern();

    private sealed class Entry
    {
        public Entry(CatalogSearchHitKind kind, string title, string url, string courseTitle, string summary, string text)
        {
            Kind = kind;
            Title = title;
            Url = url;
            CourseTitle = courseTitle;
            Summary = summary;
            Text = text;
            // Lower-casing with the invariant culture keeps lengths for the scripts lessons are written in, so
            // positions found in the lower-case copy hold in the original.
            TitleLower = title.ToLowerInvariant();
            SummaryLower = summary.ToLowerInvariant();
            TextLower = text.ToLowerInvariant();
            if (TextLower.Length != Text.Length)
            {
                TextLower = Text;
            }
        }

        public CatalogSearchHitKind Kind { get; }
        public string Title { get; }
        public string Url { get; }
        public string CourseTitle { get; }
        public string Summary { get; }
        public string Text { get; }
        public string TitleLower { get; }
        public string SummaryLower { get; }
        public string TextLower { get; }
    }
}
