using Markdig;
using Markdig.Renderers;
using NetAcademy.Content.Markdown.Containers;

namespace NetAcademy.Content.Markdown.Hints;

/// <summary>Adds folded <c>:::hint</c> blocks.</summary>
public sealed class HintExtension : IMarkdownExtension
{
    /// <inheritdoc />
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ContainerRegistration.AddParser(pipeline, new HintParser());
    }

    /// <inheritdoc />
    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer) =>
        ContainerRegistration.AddRenderer(renderer, new HintRenderer());
}
