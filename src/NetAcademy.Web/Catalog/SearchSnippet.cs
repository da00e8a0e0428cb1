namespace NetAcademy.Web.Catalog;

/// <summary>
/// A short excerpt of plain text, split into pieces so a page can mark the matched words without
/// building HTML by hand (every piece is rendered as text).
/// </summary>
/// <param name="Pieces">The excerpt in order; each piece says whether it is a matched word.</param>
public sealed record SearchSnippet(IReadOnlyList<SnippetPiece> Pieces)
{
    /// <summary>The excerpt as one string, for tests and plain-text uses.</summary>
    public override string ToString() => string.Concat(Pieces.Select(p => p.Text));
}
