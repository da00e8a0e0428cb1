using NetAcademy.Web.Grading;

namespace NetAcademy.Web.Tests.Grading;

public sealed class BackgroundCheckPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static readonly BackgroundCheckPolicy Policy = new(new LabGradingOptions
    {
        BackgroundFollowUp = TimeSpan.FromSeconds(15),
        BackgroundQuietInterval = TimeSpan.FromSeconds(60),
    });

    [Fact]
    public void IsDue_NeverChecked_Due() => Assert.True(Policy.IsDue(null, null, T0));

    [Fact]
    public void IsDue_NoCommandSinceLastRound_NotDueUntilTheQuietInterval()
    {
        Assert.False(Policy.IsDue(T0, null, T0.AddSeconds(3)));
        Assert.False(Policy.IsDue(T0, null, T0.AddSeconds(59)));
        Assert.True(Policy.IsDue(T0, null, T0.AddSeconds(60)));
    }

    [Fact]
    public void IsDue_CommandAfterLastRound_Due() => Assert.True(Policy.IsDue(T0, T0.AddSeconds(1), T0.AddSeconds(2)));

    [Fact]
    public void IsDue_CommandBeforeLastRound_DueDuringTheFollowUpThenNot()
    {
        var command = T0.AddSeconds(-1);
        Assert.True(Policy.IsDue(T0, command, T0.AddSeconds(3)));
        Assert.True(Policy.IsDue(T0.AddSeconds(12), command, T0.AddSeconds(14)));
        Assert.False(Policy.IsDue(T0.AddSeconds(15), command, T0.AddSeconds(18)));
    }

    [Fact]
    public void IsDue_QuietIntervalZero_OnlyCommandsMakeItDue()
    {
        var policy = new BackgroundCheckPolicy(new LabGradingOptions { BackgroundFollowUp = TimeSpan.Zero, BackgroundQuietInterval = TimeSpan.Zero });
        Assert.False(policy.IsDue(T0, null, T0.AddHours(5)));
        Assert.False(policy.IsDue(T0, T0.AddSeconds(-1), T0.AddHours(5)));
        Assert.True(policy.IsDue(T0, T0.AddSeconds(1), T0.AddHours(5)));
    }
}
