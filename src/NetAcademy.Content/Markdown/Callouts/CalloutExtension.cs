using Markdig;
using Markdig.Renderers;
using NetAcademy.Content.Markdown.Containers;

namespace NetAcademy.Content.Markdown.Callouts;

/// <summary>Adds <c>:::note</c>, <c>:::tip</c> and <c>:::warning</c> callouts.</summary>
public sealed class CalloutExtension : IMarkdownExtension
{
    /// <inheritdoc />
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ContainerRegistration.AddParser(pipeline, new CalloutParser());
    }

    /// <inheritdoc />
    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer) =>
        ContainerRegistration.AddRenderer(renderer, new CalloutRenderer());
}
