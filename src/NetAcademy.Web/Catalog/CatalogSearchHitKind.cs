namespace NetAcademy.Web.Catalog;

/// <summary>What a <see cref="CatalogSearchHit"/> points at.</summary>
public enum CatalogSearchHitKind
{
    /// <summary>A course page.</summary>
    Course,

    /// <summary>A lesson page.</summary>
    Lesson,
}
