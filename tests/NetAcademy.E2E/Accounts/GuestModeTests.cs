using System.Text.RegularExpressions;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Accounts;

/// <summary>
/// Guest mode (Accounts:AllowGuests): an anonymous visitor who opens a lesson is signed in as a guest, so the Start
/// form they post carries an antiforgery token of their own and the lab starts without an account. Each browser is
/// its own guest.
/// </summary>
public sealed class GuestModeTests : IClassFixture<GuestBrowserFixture>
{
    private static readonly Regex GuestName = new("^guest-[0-9a-f]+$");
    private readonly GuestBrowserFixture _fixture;

    public GuestModeTests(GuestBrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task StartLab_AnonymousVisitorFromTheCatalog_StartsAsAGuestRunsACommandAndStops()
    {
        // A new context, and no visit to a lab page first: the lesson page alone must make the visitor a guest.
        var page = await _fixture.NewAnonymousPageAsync();
        await LabPage.OpenVethLessonAsync(page);
        await LabPage.StartAsync(page);
        try
        {
            await Expect(page.Locator("[data-role=user-name]")).ToHaveAttributeAsync("title", GuestName);
            var terminal = new TerminalDriver(page, "host1");
            await terminal.RunAsync("printf 'guest-%s\\n' $((6*7)); ip -br link show dev lo");
            await terminal.WaitForAsync(new Regex(@"guest-42\s+lo\s+UNKNOWN"));
            Assert.NotEmpty(await DockerLeftovers.ContainersAsync(_fixture.Instance));
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
        Assert.Empty(await DockerLeftovers.ContainersAsync(_fixture.Instance));
    }

    [Fact]
    public async Task StartLab_TwoAnonymousBrowsers_AreTwoGuestsEachWithItsOwnSession()
    {
        var first = await _fixture.NewAnonymousPageAsync();
        var firstSession = await LabPage.StartVethLabAsync(first);
        try
        {
            var second = await _fixture.NewAnonymousPageAsync();
            var secondSession = await LabPage.StartVethLabAsync(second);
            try
            {
                Assert.NotEqual(firstSession, secondSession);
                var firstName = await first.Locator("[data-role=user-name]").GetAttributeAsync("title");
                var secondName = await second.Locator("[data-role=user-name]").GetAttributeAsync("title");
                Assert.Matches(GuestName, firstName);
                Assert.Matches(GuestName, secondName);
                Assert.NotEqual(firstName, secondName);

                // The second guest cannot reach the first one's session.
                var foreign = await second.Context.APIRequest.GetAsync($"/api/sessions/{firstSession}/graph");
                Assert.Equal(404, foreign.Status);
                var own = await second.Context.APIRequest.GetAsync($"/api/sessions/{secondSession}/graph");
                Assert.Equal(200, own.Status);
            }
            finally
            {
                await LabPage.StopAsync(second);
            }
        }
        finally
        {
            await LabPage.StopAsync(first);
        }
    }
}
