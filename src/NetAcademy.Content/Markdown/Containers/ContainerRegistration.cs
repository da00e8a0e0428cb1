using Markdig;
using Markdig.Extensions.CustomContainers;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace NetAcademy.Content.Markdown.Containers;

/// <summary>
/// Where the <c>:::</c> extensions go in a pipeline: before Markdig's generic custom container parser and
/// renderer when those are present (so the named containers win), otherwise before the fenced code parser.
/// </summary>
internal static class ContainerRegistration
{
    public static void AddParser<TParser>(MarkdownPipelineBuilder pipeline, TParser parser)
        where TParser : BlockParser
    {
        if (pipeline.BlockParsers.Contains<TParser>())
        {
            return;
        }

        if (pipeline.BlockParsers.Contains<CustomContainerParser>())
        {
            pipeline.BlockParsers.InsertBefore<CustomContainerParser>(parser);
        }
        else if (pipeline.BlockParsers.Contains<FencedCodeBlockParser>())
        {
            pipeline.BlockParsers.InsertBefore<FencedCodeBlockParser>(parser);
        }
        else
        {
            pipeline.BlockParsers.Add(parser);
        }
    }

    public static void AddRenderer<TRenderer>(IMarkdownRenderer renderer, TRenderer objectRenderer)
        where TRenderer : class, IMarkdownObjectRenderer
    {
        if (renderer is not HtmlRenderer html || html.ObjectRenderers.Contains<TRenderer>())
        {
            return;
        }

        // Our blocks derive from CustomContainer, which Markdig's own renderer would also accept.
        if (html.ObjectRenderers.Contains<HtmlCustomContainerRenderer>())
        {
            html.ObjectRenderers.InsertBefore<HtmlCustomContainerRenderer>(objectRenderer);
        }
        else
        {
            html.ObjectRenderers.Insert(0, objectRenderer);
        }
    }
}
