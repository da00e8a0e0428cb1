using Markdig;
using NetAcademy.Content.Markdown.Callouts;
using NetAcademy.Content.Markdown.Hints;
using NetAcademy.Content.Markdown.LabTasks;
using NetAcademy.Content.Markdown.RunnableCode;
using NetAcademy.Content.Markdown.SafeLinks;

namespace NetAcademy.Content.Markdown;

/// <summary><c>Use...()</c> methods for the lesson extensions, in Markdig's style.</summary>
public static class LessonPipelineExtensions
{
    /// <summary>Copy buttons on code blocks, Run buttons on <c>run=&lt;node&gt;</c> blocks.</summary>
    public static MarkdownPipelineBuilder UseRunnableCode(this MarkdownPipelineBuilder pipeline) => Add<RunnableCodeExtension>(pipeline);

    /// <summary><c>:::note</c>, <c>:::tip</c> and <c>:::warning</c> callouts.</summary>
    public static MarkdownPipelineBuilder UseCallouts(this MarkdownPipelineBuilder pipeline) => Add<CalloutExtension>(pipeline);

    /// <summary>Folded <c>:::hint</c> blocks.</summary>
    public static MarkdownPipelineBuilder UseHints(this MarkdownPipelineBuilder pipeline) => Add<HintExtension>(pipeline);

    /// <summary><c>:::task &lt;id&gt;</c> placeholders.</summary>
    public static MarkdownPipelineBuilder UseLabTasks(this MarkdownPipelineBuilder pipeline) => Add<LabTaskExtension>(pipeline);

    /// <summary>Refuses javascript:, data: and other non-web URL schemes in links and images.</summary>
    public static MarkdownPipelineBuilder UseSafeLinks(this MarkdownPipelineBuilder pipeline) => Add<SafeLinkExtension>(pipeline);

    private static MarkdownPipelineBuilder Add<T>(MarkdownPipelineBuilder pipeline)
        where T : class, IMarkdownExtension, new()
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        pipeline.Extensions.AddIfNotAlready<T>();
        return pipeline;
    }
}
