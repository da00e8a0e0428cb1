namespace NetAcademy.E2E.Infrastructure;

/// <summary>
/// A <see cref="BrowserFixture"/> whose server allows guests (Accounts:AllowGuests): an anonymous browser context
/// that opens a lesson becomes a learner of its own without signing up.
/// </summary>
public sealed class GuestBrowserFixture : BrowserFixture
{
    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string> ServerSettings { get; } = new Dictionary<string, string> { ["Accounts__AllowGuests"] = "true" };
}
