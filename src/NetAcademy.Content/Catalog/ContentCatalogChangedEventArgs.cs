namespace NetAcademy.Content.Catalog;

/// <summary>Carries the new snapshot after a reload.</summary>
/// <param name="catalog">The catalog now current.</param>
public sealed class ContentCatalogChangedEventArgs(ContentCatalog catalog) : EventArgs
{
    /// <summary>The catalog now current.</summary>
    public ContentCatalog Catalog { get; } = catalog;
}
