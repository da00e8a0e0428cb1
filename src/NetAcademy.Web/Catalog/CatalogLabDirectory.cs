using NetAcademy.Content.Catalog;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;

namespace NetAcademy.Web.Catalog;

/// <summary>The lab runtime's view of the content catalog: always the current snapshot, so hot-reloaded labs start as edited.</summary>
public sealed class CatalogLabDirectory : ILabDirectory
{
    private readonly ContentCatalogProvider _catalog;

    /// <summary>Creates the adapter.</summary>
    public CatalogLabDirectory(ContentCatalogProvider catalog) => _catalog = catalog;

    /// <inheritdoc />
    public Lab? FindLab(LabId id) => _catalog.Current.FindLab(id);

    /// <inheritdoc />
    public IEnumerable<Lab> AllLabs => _catalog.Current.Labs;
}
