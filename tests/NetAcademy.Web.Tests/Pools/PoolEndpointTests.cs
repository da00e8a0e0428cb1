using System.Net;
using System.Net.Http.Json;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Pools;
using NetAcademy.Web.Tests.Monitoring;

namespace NetAcademy.Web.Tests.Pools;

/// <summary>
/// The warm pools' admin endpoints: learners get 403 and change nothing; an admin reads the pools, drains them (which
/// pauses filling) and resumes them. What a drain does to real sessions is tested against the engine (WarmPoolTests).
/// </summary>
public sealed class PoolEndpointTests : IAsyncLifetime
{
    private MonitoredSite _site = null!;

    public Task InitializeAsync()
    {
        _site = new MonitoredSite();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Pools_Learner_Is403AndCannotDrain()
    {
        using var learner = await _site.SignedInAsync("pool-learner", AccountRole.Learner);

        using var read = await learner.GetAsync("/api/admin/pools");
        using var drain = await learner.PostAsync("/api/admin/pools/drain", null);

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, drain.StatusCode);
        using var admin = await _site.SignedInAsync("pool-admin-1", AccountRole.Admin);
        Assert.False((await admin.GetFromJsonAsync<PoolEndpoints.PoolsState>("/api/admin/pools"))!.Paused);
    }

    [Fact]
    public async Task Pools_Admin_ReadsDrainsAndResumes()
    {
        using var admin = await _site.SignedInAsync("pool-admin-2", AccountRole.Admin);

        var before = await admin.GetFromJsonAsync<PoolEndpoints.PoolsState>("/api/admin/pools");
        using var drain = await admin.PostAsync("/api/admin/pools/drain", null);
        var drained = await admin.GetFromJsonAsync<PoolEndpoints.PoolsState>("/api/admin/pools");
        using var resume = await admin.PostAsync("/api/admin/pools/resume", null);
        var resumed = await admin.GetFromJsonAsync<PoolEndpoints.PoolsState>("/api/admin/pools");

        Assert.False(before!.Paused);
        Assert.Equal(2048, before.BudgetMiB);
        Assert.Equal(HttpStatusCode.OK, drain.StatusCode);
        Assert.Equal(0, (await drain.Content.ReadFromJsonAsync<PoolEndpoints.DrainResult>())!.Stopped);
        Assert.True(drained!.Paused);
        Assert.Equal(HttpStatusCode.NoContent, resume.StatusCode);
        Assert.False(resumed!.Paused);
    }
}
