using Microsoft.Extensions.Logging.Abstractions;
using NetAcademy.Web.Audit;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Audit;

public sealed class AuditAndHistoryTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task QueryAsync_FilterByUserAndKind_NewestFirst(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var log = new AuditLog(db.Database, clock, NullLogger<AuditLog>.Instance);
        await log.RecordAsync("ada", AuditKinds.SignIn, "u1", null, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        await log.RecordAsync("ada", AuditKinds.LabStart, "s1", "veth-basics", CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        await log.RecordAsync("bob", AuditKinds.SignIn, "u2", null, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        await log.RecordAsync(null, AuditKinds.Observation, null, new string('x', AuditLog.MaxDetailLength + 50), CancellationToken.None);

        var ada = await log.QueryAsync("ada", null, 10, CancellationToken.None);
        var signIns = await log.QueryAsync(null, AuditKinds.SignIn, 10, CancellationToken.None);
        var all = await log.QueryAsync(null, null, 10, CancellationToken.None);

        Assert.Equal([AuditKinds.LabStart, AuditKinds.SignIn], ada.Select(e => e.Kind));
        Assert.Equal(["bob", "ada"], signIns.Select(e => e.User));
        Assert.Equal(4, all.Count);
        Assert.Equal(AuditLog.MaxDetailLength, all[0].Detail!.Length);
        Assert.Equal(clock.GetUtcNow(), all[0].At);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RecordEndAsync_FailedThenStopped_KeepsTheFirstEnd(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var history = new SessionHistory(db.Database);
        var start = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

        await history.RecordStartAsync("s1", "ada", "veth-basics", start, CancellationToken.None);
        await history.RecordStartAsync("s1", "ada", "veth-basics", start.AddHours(1), CancellationToken.None);
        await history.RecordEndAsync("s1", start.AddMinutes(1), "Failed", "setup failed", CancellationToken.None);
        await history.RecordEndAsync("s1", start.AddMinutes(2), "Stopped", "stopped by the learner", CancellationToken.None);
        await history.RecordStartAsync("s2", "ada", "bridge-basics", start.AddMinutes(10), CancellationToken.None);

        var sessions = await history.ListAsync("ada", 10, CancellationToken.None);

        Assert.Equal(["s2", "s1"], sessions.Select(s => s.Id));
        Assert.Equal(new SessionRecord("s1", "ada", "veth-basics", start, start.AddMinutes(1), "Failed", "setup failed"), sessions[1]);
        Assert.Null(sessions[0].EndedAt);
    }
}
