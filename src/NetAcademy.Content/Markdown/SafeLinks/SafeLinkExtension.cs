using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html.Inlines;

namespace NetAcademy.Content.Markdown.SafeLinks;

/// <summary>
/// Replaces the link and autolink renderers with ones that refuse unsafe URL schemes. Together with
/// <c>DisableHtml()</c> this keeps script out of rendered lessons.
/// </summary>
public sealed class SafeLinkExtension : IMarkdownExtension
{
    /// <inheritdoc />
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
    }

    /// <inheritdoc />
    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is not HtmlRenderer html)
        {
            return;
        }

        if (!html.ObjectRenderers.Contains<SafeLinkInlineRenderer>())
        {
            html.ObjectRenderers.ReplaceOrAdd<LinkInlineRenderer>(new SafeLinkInlineRenderer());
        }

        if (!html.ObjectRenderers.Contains<SafeAutolinkInlineRenderer>())
        {
            html.ObjectRenderers.ReplaceOrAdd<AutolinkInlineRenderer>(new SafeAutolinkInlineRenderer());
        }
    }
}
