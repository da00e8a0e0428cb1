using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace NetAcademy.Content.Markdown.RunnableCode;

/// <summary>
/// Renders every code block with a Copy button, and blocks marked <c>run=&lt;node&gt;</c> also with a Run button
/// carrying <c>data-run-node</c>; the workspace script sends the block's text to that node's terminal.
/// Replaces Markdig's code block renderer.
/// </summary>
public sealed class RunnableCodeRenderer : HtmlObjectRenderer<CodeBlock>
{
    /// <inheritdoc />
    protected override void Write(HtmlRenderer renderer, CodeBlock block)
    {
        renderer.EnsureLine();
        if (!renderer.EnableHtmlForBlock)
        {
            renderer.WriteLeafRawLines(block, true, false);
            return;
        }

        var language = (block as FencedCodeBlock)?.Info;
        var node = RunnableCodeInfo.GetRunNode(block);
        renderer.Write("<div class=\"code-block\"><pre><code");
        if (!string.IsNullOrEmpty(language))
        {
            renderer.Write(" class=\"language-").WriteEscape(language).Write('"');
        }

        renderer.Write('>');
        renderer.WriteLeafRawLines(block, true, true);
        renderer.Write("</code></pre>");
        renderer.Write("<div class=\"code-actions\"><button type=\"button\" class=\"code-copy\">Copy</button>");
        if (!string.IsNullOrEmpty(node))
        {
            renderer.Write("<button type=\"button\" class=\"code-run\" data-run-node=\"").WriteEscape(node).Write("\">Run on ").WriteEscape(node).Write("</button>");
        }

        renderer.WriteLine("</div></div>");
    }
}
