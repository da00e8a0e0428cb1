using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;

namespace NetAcademy.Content.Markdown.Containers;

/// <summary>
/// Base of the <c>:::name</c> container parsers. Each lesson extension owns a few names; the info parser
/// declines a fence whose name is not one of them, so the next parser registered for ':' gets its turn and
/// each extension stays independent of the others.
/// </summary>
/// <typeparam name="T">The block the parser creates.</typeparam>
public abstract class NamedContainerParser<T> : FencedBlockParserBase<T>
    where T : ContainerBlock, IFencedBlock
{
    /// <summary>Creates a parser for fences named one of <paramref name="names"/>.</summary>
    protected NamedContainerParser(IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        OpeningCharacters = [':'];
        InfoPrefix = null;
        MinimumMatchCount = 3;
        MaximumMatchCount = int.MaxValue;
        var inner = InfoParser ?? DefaultInfoParser;
        InfoParser = (BlockProcessor processor, ref StringSlice line, IFencedBlock fenced, char openingCharacter) =>
            inner(processor, ref line, fenced, openingCharacter) && fenced.Info is { } info && names.Contains(info);
    }
}
