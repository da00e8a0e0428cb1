namespace NetAcademy.Web.Catalog;

/// <summary>A run of snippet text.</summary>
/// <param name="Text">The text.</param>
/// <param name="IsMatch">True when the run is a word the query matched.</param>
public sealed record SnippetPiece(string Text, bool IsMatch);
