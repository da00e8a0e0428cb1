using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NetAcademy.Content.Yaml;

/// <summary>
/// A YAML event source that refuses collections nested deeper than <see cref="MaxDepth"/>. YamlDotNet builds
/// its node tree recursively, so a file of 100,000 '[' would overflow the stack and kill the process (a
/// StackOverflowException cannot be caught); the parser itself is iterative, so counting here is safe.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner) : IParser
{
    /// <summary>Deepest nesting of mappings and sequences accepted; real labs use fewer than ten levels.</summary>
    public const int MaxDepth = 64;

    private int _depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        switch (inner.Current)
        {
            case MappingStart or SequenceStart when ++_depth > MaxDepth:
                throw new NestingTooDeepException(inner.Current.Start, inner.Current.End);
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }
        return true;
    }
}
