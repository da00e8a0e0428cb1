using Markdig.Renderers;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax.Inlines;

namespace NetAcademy.Content.Markdown.SafeLinks;

/// <summary>Markdig's autolink renderer (<c>&lt;https://...&gt;</c>), writing unsafe targets as plain text.</summary>
public sealed class SafeAutolinkInlineRenderer : AutolinkInlineRenderer
{
    /// <inheritdoc />
    protected override void Write(HtmlRenderer renderer, AutolinkInline link)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(link);
        if (link.IsEmail || SafeUrl.IsAllowed(link.Url))
        {
            base.Write(renderer, link);
            return;
        }

        renderer.WriteEscape(link.Url);
    }
}
