using Markdig.Extensions.CustomContainers;
using Markdig.Parsers;

namespace NetAcademy.Content.Markdown.Callouts;

/// <summary>A <c>:::note</c>, <c>:::tip</c> or <c>:::warning</c> container; the fence's arguments are an optional title.</summary>
public sealed class CalloutBlock(BlockParser parser) : CustomContainer(parser)
{
    /// <summary>The callout kind: note, tip or warning.</summary>
    public string Kind => Info ?? "note";
}
