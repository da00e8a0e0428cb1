using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace NetAcademy.Content.Markdown.Callouts;

/// <summary>Renders a callout as <c>&lt;aside class="callout callout-note" role="note"&gt;</c> with a title line.</summary>
public sealed class CalloutRenderer : HtmlObjectRenderer<CalloutBlock>
{
    /// <inheritdoc />
    protected override void Write(HtmlRenderer renderer, CalloutBlock block)
    {
        renderer.EnsureLine();
        if (!renderer.EnableHtmlForBlock)
        {
            renderer.WriteChildren(block);
            return;
        }

        // Kind is one of the parser's fixed names, so it is safe inside the class attribute.
        var title = string.IsNullOrWhiteSpace(block.Arguments)
            ? char.ToUpperInvariant(block.Kind[0]) + block.Kind[1..]
            : block.Arguments.Trim();
        renderer.Write("<aside class=\"callout callout-").Write(block.Kind).Write("\" role=\"note\">");
        renderer.Write("<p class=\"callout-title\">").WriteEscape(title).WriteLine("</p>");
        renderer.WriteChildren(block);
        renderer.EnsureLine();
        renderer.WriteLine("</aside>");
    }
}
