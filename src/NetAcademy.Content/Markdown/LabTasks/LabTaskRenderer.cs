using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace NetAcademy.Content.Markdown.LabTasks;

/// <summary>
/// Renders a task placeholder, <c>&lt;section class="lab-task" data-task-id="..."&gt;</c> with its title, body,
/// an empty status element and a Check button. The workspace script fills the status and wires the button.
/// </summary>
public sealed class LabTaskRenderer : HtmlObjectRenderer<LabTaskBlock>
{
    /// <inheritdoc />
    protected override void Write(HtmlRenderer renderer, LabTaskBlock block)
    {
        renderer.EnsureLine();
        if (!renderer.EnableHtmlForBlock)
        {
            renderer.WriteChildren(block);
            return;
        }

        var id = block.TaskId;
        renderer.Write("<section class=\"lab-task\" data-task-id=\"").WriteEscape(id).WriteLine("\">");
        renderer.Write("<h3 class=\"lab-task-title\">").WriteEscape(block.Title ?? id).WriteLine("</h3>");
        renderer.WriteChildren(block);
        renderer.EnsureLine();
        renderer.WriteLine("<p class=\"lab-task-status\" role=\"status\" aria-live=\"polite\"></p>");
        renderer.Write("<button type=\"button\" class=\"lab-task-check\" data-task-id=\"").WriteEscape(id).WriteLine("\">Check</button>");
        renderer.WriteLine("</section>");
    }
}
