using Markdig.Extensions.CustomContainers;
using Markdig.Parsers;

namespace NetAcademy.Content.Markdown.Hints;

/// <summary>A <c>:::hint [summary]</c> container, shown folded until the learner opens it.</summary>
public sealed class HintBlock(BlockParser parser) : CustomContainer(parser);
