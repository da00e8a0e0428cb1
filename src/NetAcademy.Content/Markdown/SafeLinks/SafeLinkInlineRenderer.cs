using Markdig.Renderers;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax.Inlines;

namespace NetAcademy.Content.Markdown.SafeLinks;

/// <summary>
/// Markdig's link renderer, except that a link or image whose URL is not <see cref="SafeUrl.IsAllowed"/> is
/// written as its text only: no <c>&lt;a&gt;</c>, no <c>&lt;img&gt;</c>.
/// </summary>
public sealed class SafeLinkInlineRenderer : LinkInlineRenderer
{
    /// <inheritdoc />
    protected override void Write(HtmlRenderer renderer, LinkInline link)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(link);
        if (SafeUrl.IsAllowed(link.GetDynamicUrl?.Invoke() ?? link.Url))
        {
            base.Write(renderer, link);
            return;
        }

        renderer.WriteChildren(link);
    }
}
