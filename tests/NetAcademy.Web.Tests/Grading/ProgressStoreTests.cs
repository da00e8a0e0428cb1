using NetAcademy.Core.Ids;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Grading;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Grading;

public sealed class ProgressStoreTests
{
    private static readonly LabId Veth = new("veth-basics");
    private static readonly LabId Bridge = new("bridge-basics");
    private static readonly TaskId Task1 = new("make-pair");
    private static readonly TaskId Task2 = new("ping");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RecordCheckAsync_FailPassFail_CountsAttemptsKeepsFirstPassAndBestScore(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var store = new ProgressStore(db.Database, clock);

        await store.RecordCheckAsync("ada", Veth, Task1, false, 0, "no veth yet", CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        var passedAt = clock.GetUtcNow();
        await store.RecordCheckAsync("ada", Veth, Task1, true, 10, "ok", CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        var last = await store.RecordCheckAsync("ada", Veth, Task1, false, 3, "the pair is gone", CancellationToken.None);

        Assert.Equal(3, last.Attempts);
        Assert.True(last.Passed);
        Assert.False(last.LastPassed);
        Assert.Equal(passedAt, last.FirstPassAt);
        Assert.Equal(clock.GetUtcNow(), last.LastCheckedAt);
        Assert.Equal("the pair is gone", last.LastMessage);
        Assert.Equal(10, last.Score);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetProgressAsync_SeveralLabsAndUsers_ReturnsOnlyThatUsersLabs(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var store = new ProgressStore(db.Database, TimeProvider.System);
        await store.RecordCheckAsync("ada", Veth, Task1, true, 1, null, CancellationToken.None);
        await store.RecordCheckAsync("ada", Veth, Task2, false, 0, null, CancellationToken.None);
        await store.RecordCheckAsync("ada", Bridge, Task1, true, 1, null, CancellationToken.None);
        await store.RecordCheckAsync("bob", Veth, Task1, true, 1, null, CancellationToken.None);

        var veth = await store.GetProgressAsync("ada", Veth, CancellationToken.None);
        var course = await store.GetProgressAsync("ada", [Veth, Bridge, new LabId("unstarted")], CancellationToken.None);

        Assert.Equal([(Veth, Task1, true), (Veth, Task2, false)], veth.Select(p => (p.LabId, p.TaskId, p.Passed)));
        Assert.Equal(3, course.Count);
        Assert.Empty(await store.GetProgressAsync("carol", Veth, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EnrollAsync_Twice_RecordsOnce(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var users = new UserStore(db.Database);
        var user = new UserAccount("u1", "ada", null, "Ada", "hash", AccountRole.Learner, 0, null, "s", DateTimeOffset.UtcNow, null);
        await users.CreateAsync(user, CancellationToken.None);
        var store = new ProgressStore(db.Database, TimeProvider.System);

        await store.EnrollAsync("u1", new CourseId("linux-networking"), CancellationToken.None);
        await store.EnrollAsync("u1", new CourseId("linux-networking"), CancellationToken.None);

        Assert.Equal([new CourseId("linux-networking")], await store.GetEnrollmentsAsync("u1", CancellationToken.None));
    }
}
