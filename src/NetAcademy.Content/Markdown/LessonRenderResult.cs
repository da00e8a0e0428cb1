using NetAcademy.Content.Errors;

namespace NetAcademy.Content.Markdown;

/// <summary>A rendered lesson body.</summary>
/// <param name="Html">The HTML fragment (no front matter).</param>
/// <param name="TaskIds">Ids of the <c>:::task</c> blocks, in document order.</param>
/// <param name="Errors">Problems found in the body: unknown tasks or nodes, broken or unsafe links, unknown containers.</param>
public sealed record LessonRenderResult(string Html, IReadOnlyList<string> TaskIds, IReadOnlyList<ContentError> Errors);
