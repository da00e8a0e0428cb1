using Markdig.Parsers;
using NetAcademy.Content.Markdown.Containers;

namespace NetAcademy.Content.Markdown.LabTasks;

/// <summary>Parses <c>:::task &lt;task-id&gt;</c> fences.</summary>
public sealed class LabTaskParser : NamedContainerParser<LabTaskBlock>
{
    /// <summary>Creates the parser.</summary>
    public LabTaskParser() : base(["task"])
    {
    }

    /// <inheritdoc />
    protected override LabTaskBlock CreateFencedBlock(BlockProcessor processor) => new(this);
}
