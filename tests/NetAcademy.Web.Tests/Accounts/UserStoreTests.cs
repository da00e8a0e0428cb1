using NetAcademy.Web.Accounts;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Accounts;

public sealed class UserStoreTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static UserAccount User(string name, AccountRole role = AccountRole.Learner, string? email = null) =>
        new(Guid.NewGuid().ToString("n"), name, email, name.ToUpperInvariant(), "hash", role, 0, null, "stamp", Now, null);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateAsync_ThenFind_RoundTripsEveryField(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var store = new UserStore(db.Database);
        var user = User("ada", AccountRole.Instructor, "ada@example.org");

        await store.CreateAsync(user, CancellationToken.None);

        Assert.Equal(user, await store.FindByIdAsync(user.Id, CancellationToken.None));
        Assert.Equal(user, await store.FindByNameOrEmailAsync(" ADA ", CancellationToken.None));
        Assert.Equal(user, await store.FindByNameOrEmailAsync("Ada@Example.org", CancellationToken.None));
        Assert.Null(await store.FindByNameOrEmailAsync("bob", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateAsync_DuplicateUserNameOrEmail_ThrowsDuplicateUser(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var store = new UserStore(db.Database);
        await store.CreateAsync(User("ada", email: "ada@example.org"), CancellationToken.None);

        await Assert.ThrowsAsync<DuplicateUserException>(() => store.CreateAsync(User("ada"), CancellationToken.None));
        await Assert.ThrowsAsync<DuplicateUserException>(() => store.CreateAsync(User("other", email: "ada@example.org"), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RecordFailedSignInAsync_ReachesLimit_LocksAndRestartsCount(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var store = new UserStore(db.Database);
        var user = User("ada");
        await store.CreateAsync(user, CancellationToken.None);
        var until = Now.AddMinutes(15);

        var first = await store.RecordFailedSignInAsync(user.Id, 3, until, CancellationToken.None);
        var second = await store.RecordFailedSignInAsync(user.Id, 3, until, CancellationToken.None);
        var third = await store.RecordFailedSignInAsync(user.Id, 3, until, CancellationToken.None);

        Assert.Equal((1, false), (first!.FailedSignIns, first.IsLockedOut(Now)));
        Assert.Equal((2, false), (second!.FailedSignIns, second.IsLockedOut(Now)));
        Assert.Equal((0, true), (third!.FailedSignIns, third.IsLockedOut(Now)));
        Assert.Equal(until, third.LockedUntil);

        await store.RecordSignInAsync(user.Id, Now.AddHours(1), CancellationToken.None);
        var after = await store.FindByIdAsync(user.Id, CancellationToken.None);
        Assert.Null(after!.LockedUntil);
        Assert.Equal(Now.AddHours(1), after.LastSignInAt);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SetRoleAsync_LastAdmin_IsRefusedUntilAnotherAdminExists(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var store = new UserStore(db.Database);
        var admin = User("root", AccountRole.Admin);
        var other = User("bob");
        await store.CreateAsync(admin, CancellationToken.None);
        await store.CreateAsync(other, CancellationToken.None);

        Assert.False(await store.SetRoleAsync(admin.Id, AccountRole.Learner, CancellationToken.None));
        Assert.True(await store.SetRoleAsync(other.Id, AccountRole.Admin, CancellationToken.None));
        Assert.True(await store.SetRoleAsync(admin.Id, AccountRole.Instructor, CancellationToken.None));

        Assert.Equal(1, await store.CountAsync(AccountRole.Admin, CancellationToken.None));
        Assert.Equal(AccountRole.Instructor, (await store.FindByIdAsync(admin.Id, CancellationToken.None))!.Role);
    }
}
