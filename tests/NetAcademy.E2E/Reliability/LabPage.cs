using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Reliability;

/// <summary>Starts and stops the veth lab through the real pages, as a learner does.</summary>
internal static class LabPage
{
    /// <summary>Signs a new learner up, starts the veth lab and waits until it is ready; returns the page and session id.</summary>
    public static async Task<(IPage Page, string SessionId)> StartVethLabAsync(BrowserFixture fixture)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/courses/linux-networking/veth-pairs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
        await Expect(page.Locator(".terminal-pane[data-node=host1]")).ToHaveAttributeAsync("data-attached", "true");
        // The prompt proves the server has opened the shell; before it, input has no terminal to go to.
        await new TerminalDriver(page, "host1").WaitForAsync(new Regex(@"root@host1:.*#"), TimeSpan.FromSeconds(60));
        return (page, await page.EvaluateAsync<string>("() => window.netacademyWorkspace.sessionId"));
    }

    /// <summary>Stops the page's lab through its Stop button and closes the page.</summary>
    public static async Task StopAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop lab" }).ClickAsync();
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
        await page.Context.CloseAsync();
    }
}
