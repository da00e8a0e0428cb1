using NetAcademy.Web.Accounts;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Accounts;

public sealed class GuestStoreTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TryTakeAsync_CapReached_RefusesNewGuestsKeepsOldOnesAndFreesExpiredPlaces(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var store = new GuestStore(db.Database);
        var hour = TimeSpan.FromHours(1);

        Assert.True(await store.TryTakeAsync("guest-a", Start, Start + hour, Start, 2, CancellationToken.None));
        Assert.True(await store.TryTakeAsync("guest-b", Start, Start + 2 * hour, Start, 2, CancellationToken.None));
        Assert.False(await store.TryTakeAsync("guest-c", Start, Start + hour, Start, 2, CancellationToken.None));
        Assert.True(await store.TryTakeAsync("guest-a", Start, Start + hour, Start.AddMinutes(5), 2, CancellationToken.None));
        Assert.Equal(2, await store.CountActiveAsync(Start.AddMinutes(5), CancellationToken.None));

        var later = Start + hour;
        Assert.Equal(1, await store.CountActiveAsync(later, CancellationToken.None));
        Assert.False(await store.TryTakeAsync("guest-a", Start, Start + hour, later, 2, CancellationToken.None));
        Assert.True(await store.TryTakeAsync("guest-c", later, later + hour, later, 2, CancellationToken.None));
        Assert.False(await store.TryTakeAsync("guest-d", later, later + hour, later, 2, CancellationToken.None));
    }
}
