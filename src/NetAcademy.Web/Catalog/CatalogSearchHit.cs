namespace NetAcademy.Web.Catalog;

/// <summary>One course or lesson that matches a catalog search.</summary>
/// <param name="Kind">Whether the hit is a whole course or one lesson.</param>
/// <param name="Title">The course's or lesson's title.</param>
/// <param name="Url">Where it lives, e.g. <c>/courses/linux-networking/veth-pairs</c>.</param>
/// <param name="CourseTitle">The course a lesson belongs to (the course's own title for a course hit).</param>
/// <param name="Summary">The one-sentence summary.</param>
/// <param name="Snippet">A short piece of the lesson text around the first match, or null when the title or summary matched.</param>
/// <param name="Score">Higher is better: title matches count most, then summary, then body text.</param>
public sealed record CatalogSearchHit(
    CatalogSearchHitKind Kind,
    string Title,
    string Url,
    string CourseTitle,
    string Summary,
    SearchSnippet? Snippet,
    int Score);
