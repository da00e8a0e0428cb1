using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using NetAcademy.Content.Errors;

namespace NetAcademy.Content.Markdown;

/// <summary>
/// The lesson Markdown dialect: CommonMark with YAML front matter, pipe tables, heading ids, code blocks with
/// Copy/Run buttons, callouts, hints and task blocks; raw HTML is not rendered and only http, https, mailto
/// and relative URLs become links. The pipeline is built once; a <see cref="MarkdownPipeline"/> is immutable
/// and safe to share between threads.
/// </summary>
public static class LessonMarkdown
{
    /// <summary>The shared pipeline. <c>Markdig.Markdown.ToHtml(text, Pipeline)</c> renders without lesson context.</summary>
    public static MarkdownPipeline Pipeline { get; } = CreatePipeline();

    /// <summary>Builds a new pipeline with the lesson extensions; use <see cref="Pipeline"/> instead of calling this per render.</summary>
    public static MarkdownPipeline CreatePipeline() =>
        new MarkdownPipelineBuilder()
            .UseYamlFrontMatter()
            .UsePipeTables()
            .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
            .UseRunnableCode()
            .UseCallouts()
            .UseHints()
            .UseLabTasks()
            .UseSafeLinks()
            .DisableHtml()
            .Build();

    /// <summary>Parses a lesson file.</summary>
    public static MarkdownDocument Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return Markdig.Markdown.Parse(markdown, Pipeline);
    }

    /// <summary>
    /// The YAML front matter text and the 0-based line in the file where it starts, or null when the document
    /// does not begin with a <c>---</c> block.
    /// </summary>
    public static (string Yaml, int FirstLine)? GetFrontMatter(MarkdownDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var block = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (block is null)
        {
            return null;
        }

        var text = block.Lines.ToString();
        var firstLine = block.Lines.Count > 0 ? block.Lines.Lines[0].Line : block.Line + 1;
        return (text, firstLine);
    }

    /// <summary>
    /// Resolves the lesson body against its course and lab (task titles, run nodes, relative URLs) and renders
    /// it. The document is changed in place (URLs are rewritten), so parse again to render it a second time.
    /// </summary>
    /// <param name="document">The parsed lesson.</param>
    /// <param name="context">The course and lab around the lesson.</param>
    /// <param name="file">The lesson file path used in errors.</param>
    public static LessonRenderResult Render(MarkdownDocument document, LessonRenderContext context, string file)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(context);
        var errors = new ErrorSink(file);
        var tasks = LessonDocumentResolver.Resolve(document, context, errors);
        var html = Markdig.Markdown.ToHtml(document, Pipeline);
        return new LessonRenderResult(html, tasks, errors.Errors);
    }
}
