using Markdig;
using Markdig.Renderers;
using NetAcademy.Content.Markdown.Containers;

namespace NetAcademy.Content.Markdown.LabTasks;

/// <summary>Adds <c>:::task &lt;task-id&gt;</c> placeholders for graded lab tasks.</summary>
public sealed class LabTaskExtension : IMarkdownExtension
{
    /// <inheritdoc />
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ContainerRegistration.AddParser(pipeline, new LabTaskParser());
    }

    /// <inheritdoc />
    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer) =>
        ContainerRegistration.AddRenderer(renderer, new LabTaskRenderer());
}
