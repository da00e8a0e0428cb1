using Markdig.Parsers;
using NetAcademy.Content.Markdown.Containers;

namespace NetAcademy.Content.Markdown.Callouts;

/// <summary>Parses <c>:::note [title]</c>, <c>:::tip</c> and <c>:::warning</c> fences.</summary>
public sealed class CalloutParser : NamedContainerParser<CalloutBlock>
{
    /// <summary>The fence names this parser accepts.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["note", "tip", "warning"];

    /// <summary>Creates the parser.</summary>
    public CalloutParser() : base(Kinds)
    {
    }

    /// <inheritdoc />
    protected override CalloutBlock CreateFencedBlock(BlockProcessor processor) => new(this);
}
