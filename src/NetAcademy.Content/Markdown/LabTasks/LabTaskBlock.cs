using Markdig.Extensions.CustomContainers;
using Markdig.Parsers;

namespace NetAcademy.Content.Markdown.LabTasks;

/// <summary>
/// A <c>:::task &lt;task-id&gt;</c> container: the place in a lesson where a lab task is shown with its Check
/// button. Its body (often empty) is extra lesson text shown inside the task box.
/// </summary>
public sealed class LabTaskBlock(BlockParser parser) : CustomContainer(parser)
{
    /// <summary>The task id written after <c>:::task</c>, or an empty string.</summary>
    public string TaskId => Arguments?.Trim() ?? "";

    /// <summary>The task's title from the lab, set when the lesson is resolved against its lab; null renders the id.</summary>
    public string? Title { get; set; }
}
