using NetAcademy.Content.Catalog;
using NetAcademy.Web.Catalog;

namespace NetAcademy.Web.Tests.Catalog;

/// <summary>Search over a real catalog: the workspace fixtures of the end-to-end tests (one course, two lessons).</summary>
public sealed class CatalogSearchIndexTests
{
    private static readonly ContentCatalog Catalog = LoadFixtures();

    private static ContentCatalog LoadFixtures()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NetAcademy.sln")))
        {
            dir = dir.Parent;
        }
        var fixtures = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("NetAcademy.sln not found"), "tests", "NetAcademy.E2E", "Fixtures");
        var catalog = ContentCatalog.Load(new ContentOptions
        {
            ContentRoot = Path.Combine(fixtures, "content"),
            LabsRoot = Path.Combine(fixtures, "labs"),
            ImagesRoot = Path.Combine(dir.FullName, "deploy", "images"),
            WatchForChanges = false,
        }, CancellationToken.None);
        Assert.Empty(catalog.Errors);
        return catalog;
    }

    [Fact]
    public void Search_TitleWord_RanksTitleMatchFirst()
    {
        var hits = CatalogSearchIndex.For(Catalog).Search("two nodes");

        Assert.Equal("/courses/workspace-fixtures/two-nodes", hits[0].Url);
        Assert.Equal(CatalogSearchHitKind.Lesson, hits[0].Kind);
        Assert.Equal("Workspace fixtures", hits[0].CourseTitle);
        Assert.Null(hits[0].Snippet);
    }

    [Fact]
    public void Search_WordOnlyInBody_ReturnsSnippetWithMarkedMatch()
    {
        var hit = Assert.Single(CatalogSearchIndex.For(Catalog).Search("HOSTNAME"));

        Assert.Equal("/courses/workspace-fixtures/two-nodes", hit.Url);
        var snippet = Assert.IsType<SearchSnippet>(hit.Snippet);
        Assert.Contains(snippet.Pieces, p => p.IsMatch && p.Text == "hostname");
        Assert.Contains("ran-on-$(hostname)", snippet.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Search_EveryWordMustMatch_OneUnknownWordGivesNothing()
    {
        var index = CatalogSearchIndex.For(Catalog);

        Assert.NotEmpty(index.Search("lab fails"));
        Assert.Empty(index.Search("lab fails zzqxv"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?! -- ..")]
    [InlineData(null)]
    public void Search_NoWords_ReturnsNothing(string? query)
    {
        Assert.Empty(CatalogSearchIndex.For(Catalog).Search(query));
    }

    [Fact]
    public void Terms_DottedAndDashedWords_StayWhole()
    {
        Assert.Equal(["link-netns", "10.0.0.1/24", "eth0"], CatalogSearchIndex.Terms("Link-NetNS 10.0.0.1/24, eth0 eth0"));
    }

    [Fact]
    public void PlainText_RenderedHtml_DropsTagsAndDecodesEntities()
    {
        var text = CatalogSearchIndex.PlainText("<p>a &amp; b</p>\n<div class=\"code-block\"><pre><code>ip  -br link</code></pre><div class=\"code-actions\"><button>Copy</button></div></div>");

        Assert.Equal("a & b ip -br link", text);
    }

    [Fact]
    public void For_SameCatalog_BuildsTheIndexOnce()
    {
        Assert.Same(CatalogSearchIndex.For(Catalog), CatalogSearchIndex.For(Catalog));
    }
}
