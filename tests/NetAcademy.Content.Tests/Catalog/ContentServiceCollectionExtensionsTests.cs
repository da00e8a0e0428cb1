using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NetAcademy.Content.Catalog;

namespace NetAcademy.Content.Tests.Catalog;

public sealed class ContentServiceCollectionExtensionsTests
{
    [Fact]
    public void AddNetAcademyContent_WithConfiguration_BindsOptionsAndRegistersProviderAsHostedService()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Content:LabsRoot"] = "/srv/labs", ["Content:WatchForChanges"] = "false" })
            .Build();
        using var services = new ServiceCollection().AddLogging().AddNetAcademyContent(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<ContentOptions>>().Value;
        Assert.Equal(("content", "/srv/labs", "deploy/images", false), (options.ContentRoot, options.LabsRoot, options.ImagesRoot, options.WatchForChanges));
        var provider = services.GetRequiredService<ContentCatalogProvider>();
        Assert.Same(provider, Assert.Single(services.GetServices<IHostedService>()));
    }
}
