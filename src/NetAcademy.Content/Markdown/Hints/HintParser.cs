using Markdig.Parsers;
using NetAcademy.Content.Markdown.Containers;

namespace NetAcademy.Content.Markdown.Hints;

/// <summary>Parses <c>:::hint</c> fences.</summary>
public sealed class HintParser : NamedContainerParser<HintBlock>
{
    /// <summary>Creates the parser.</summary>
    public HintParser() : base(["hint"])
    {
    }

    /// <inheritdoc />
    protected override HintBlock CreateFencedBlock(BlockProcessor processor) => new(this);
}
