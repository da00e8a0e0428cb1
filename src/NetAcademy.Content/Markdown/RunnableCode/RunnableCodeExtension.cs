using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace NetAcademy.Content.Markdown.RunnableCode;

/// <summary>Copy buttons on every code block and Run buttons on blocks marked <c>run=&lt;node&gt;</c>.</summary>
public sealed class RunnableCodeExtension : IMarkdownExtension
{
    /// <inheritdoc />
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        // Parsing is Markdig's own fenced code parser; the run option travels in the info string's arguments.
    }

    /// <inheritdoc />
    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html && !html.ObjectRenderers.Contains<RunnableCodeRenderer>())
        {
            html.ObjectRenderers.ReplaceOrAdd<CodeBlockRenderer>(new RunnableCodeRenderer());
        }
    }
}
