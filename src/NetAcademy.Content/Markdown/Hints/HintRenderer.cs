using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace NetAcademy.Content.Markdown.Hints;

/// <summary>Renders a hint as <c>&lt;details class="hint"&gt;&lt;summary&gt;Hint&lt;/summary&gt;...</c>.</summary>
public sealed class HintRenderer : HtmlObjectRenderer<HintBlock>
{
    /// <inheritdoc />
    protected override void Write(HtmlRenderer renderer, HintBlock block)
    {
        renderer.EnsureLine();
        if (!renderer.EnableHtmlForBlock)
        {
            renderer.WriteChildren(block);
            return;
        }

        var summary = string.IsNullOrWhiteSpace(block.Arguments) ? "Hint" : block.Arguments.Trim();
        renderer.Write("<details class=\"hint\"><summary>").WriteEscape(summary).WriteLine("</summary>");
        renderer.WriteChildren(block);
        renderer.EnsureLine();
        renderer.WriteLine("</details>");
    }
}
