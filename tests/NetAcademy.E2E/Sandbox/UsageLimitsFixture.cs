namespace NetAcademy.E2E.Sandbox;

/// <summary>
/// <see cref="CourseStaffFixture"/>'s server with small usage limits, so a test reaches each one in a few calls:
/// terminals 2 per connection and 3 per user, capture views and live graphs 1 per connection and 2 per user,
/// 5 checks, 6 graph reads and 3 capture starts per user per minute.
/// </summary>
public sealed class UsageLimitsFixture : CourseStaffFixture
{
    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> MoreSettings { get; } = new Dictionary<string, string>
    {
        ["Limits__TerminalsPerConnection"] = "2",
        ["Limits__TerminalsPerUser"] = "3",
        ["Limits__CaptureStreamsPerConnection"] = "1",
        ["Limits__CaptureStreamsPerUser"] = "2",
        ["Limits__GraphStreamsPerConnection"] = "1",
        ["Limits__GraphStreamsPerUser"] = "2",
        ["Limits__ChecksPerMinute"] = "5",
        ["Limits__GraphReadsPerMinute"] = "6",
        ["Limits__CaptureStartsPerMinute"] = "3",
    };
}
