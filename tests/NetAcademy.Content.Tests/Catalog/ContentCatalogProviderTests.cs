using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Content.Catalog;
using NetAcademy.Core.Ids;

namespace NetAcademy.Content.Tests.Catalog;

public sealed class ContentCatalogProviderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "netacademy-content-" + Guid.NewGuid().ToString("N"));

    public ContentCatalogProviderTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "content"));
        Directory.CreateDirectory(Path.Combine(_root, "labs"));
        Directory.CreateDirectory(Path.Combine(_root, "images", "base"));
    }

    [Fact]
    public async Task StartAsync_FileWrittenAfterStart_SwapsSnapshotAndSignals()
    {
        using var provider = CreateProvider(watch: true);
        await provider.StartAsync(CancellationToken.None);
        var before = provider.Current;
        var token = provider.GetChangeToken();
        var changed = new TaskCompletionSource<ContentCatalog>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.Changed += (_, e) => changed.TrySetResult(e.Catalog);
        Assert.Empty(before.Labs);

        WriteLab("fresh");

        var after = await changed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Same(after, provider.Current);
        Assert.NotNull(after.FindLab(new LabId("fresh")));
        Assert.True(token.HasChanged);
        Assert.Empty(before.Labs); // The old snapshot is never changed in place.
        await provider.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ReloadAsync_BrokenFile_KeepsOtherItemsAndReportsError()
    {
        using var provider = CreateProvider(watch: false);
        WriteLab("good");
        Directory.CreateDirectory(Path.Combine(_root, "labs", "bad"));
        File.WriteAllText(Path.Combine(_root, "labs", "bad", "lab.yaml"), "title: [unclosed\n");

        await provider.ReloadAsync(CancellationToken.None);

        Assert.NotNull(provider.Current.FindLab(new LabId("good")));
        Assert.Null(provider.Current.FindLab(new LabId("bad")));
        Assert.Contains(provider.Current.Errors, e => e.File.EndsWith(Path.Combine("bad", "lab.yaml"), StringComparison.Ordinal));
    }

    [Fact]
    public void Current_BeforeStart_LoadsOnFirstUse()
    {
        WriteLab("early");
        using var provider = CreateProvider(watch: false);

        Assert.NotNull(provider.Current.FindLab(new LabId("early")));
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
    }

    private ContentCatalogProvider CreateProvider(bool watch) =>
        new(
            Options.Create(new ContentOptions
            {
                ContentRoot = Path.Combine(_root, "content"),
                LabsRoot = Path.Combine(_root, "labs"),
                ImagesRoot = Path.Combine(_root, "images"),
                WatchForChanges = watch,
                ReloadDelayMilliseconds = 50,
            }),
            NullLogger<ContentCatalogProvider>.Instance);

    private void WriteLab(string id)
    {
        var folder = Path.Combine(_root, "labs", id);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "lab.yaml"), File.ReadAllText(Path.Combine(TestPaths.LabFixtures, "valid-minimal", "lab.yaml")));
    }
}
