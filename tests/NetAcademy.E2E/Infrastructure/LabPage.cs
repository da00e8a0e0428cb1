using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Infrastructure;

/// <summary>
/// Opens, starts and stops the veth lab (course "Linux networking from the ground up", lesson "Namespaces and
/// veth pairs") through the real pages, as a learner does.
/// </summary>
public static class LabPage
{
    /// <summary>The veth lesson's path.</summary>
    public const string VethLesson = "/courses/linux-networking/veth-pairs";

    /// <summary>The shell prompt of the veth lab's node host1.</summary>
    public static readonly Regex Host1Prompt = new(@"root@host1:.*#");

    /// <summary>Opens the catalog and follows the links a visitor follows to the veth lesson.</summary>
    public static async Task OpenVethLessonAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Linux networking from the ground up" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Namespaces and veth pairs" }).ClickAsync();
    }

    /// <summary>
    /// Presses Start lab on the lesson open in <paramref name="page"/> and waits until the lab is ready and host1's
    /// terminal is attached and shows its prompt; returns the session id.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server refused the Start post (e.g. 400 for a bad antiforgery token).</exception>
    public static async Task<string> StartAsync(IPage page)
    {
        // The form posts as a whole-page navigation: an error answer says why at once, instead of a wait for Ready.
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync(),
            response => response.Request.IsNavigationRequest && response.Frame == page.MainFrame,
            // The first Start of a server waits for its kernel probe (a container of its own): slow on a busy host.
            new() { Timeout = 120_000 });
        if (answer.Status >= 400)
        {
            throw new InvalidOperationException($"Start lab was answered {answer.Status} {answer.StatusText} ({answer.Request.Method} {answer.Url}).");
        }
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
        await Expect(page.Locator(".terminal-pane[data-node=host1]")).ToHaveAttributeAsync("data-attached", "true");
        // The prompt proves the server has opened the shell; before it, input has no terminal to go to.
        await new TerminalDriver(page, "host1").WaitForAsync(Host1Prompt, TimeSpan.FromSeconds(60));
        return await page.Locator("#workspace").GetAttributeAsync("data-session-id") ?? throw new InvalidOperationException("The workspace has no session id.");
    }

    /// <summary>Opens the veth lesson from the catalog and starts its lab (<see cref="OpenVethLessonAsync"/>, <see cref="StartAsync"/>).</summary>
    public static async Task<string> StartVethLabAsync(IPage page)
    {
        await OpenVethLessonAsync(page);
        return await StartAsync(page);
    }

    /// <summary>Signs a new learner up and starts the veth lab for them; returns the page and the session id.</summary>
    public static async Task<(IPage Page, string SessionId)> StartVethLabAsync(BrowserFixture fixture, ViewportSize? viewport = null)
    {
        var page = await fixture.NewPageAsync(viewport);
        return (page, await StartVethLabAsync(page));
    }

    /// <summary>Presses Stop lab in the workspace and confirms (Stop asks first).</summary>
    public static async Task PressStopAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop lab" }).ClickAsync();
        await page.Locator("[data-role=confirm][data-confirm=stop]").GetByRole(AriaRole.Button, new() { Name = "Yes, stop it" }).ClickAsync();
    }

    /// <summary>Stops the page's lab through its Stop button, waits until it is stopped and closes the page's context.</summary>
    public static async Task StopAsync(IPage page)
    {
        await PressStopAsync(page);
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
        await page.Context.CloseAsync();
    }

    /// <summary>In host1's terminal: namespaces red (10.0.0.1) and blue (10.0.0.2) joined by a veth pair, both ends up.</summary>
    public static Task JoinRedAndBlueAsync(TerminalDriver terminal) =>
        terminal.RunAndWaitAsync(
            "ip netns add red && ip netns add blue && ip link add veth-red type veth peer name veth-blue"
            + " && ip link set veth-red netns red && ip link set veth-blue netns blue"
            + " && ip -n red addr add 10.0.0.1/24 dev veth-red && ip -n blue addr add 10.0.0.2/24 dev veth-blue"
            + " && ip -n red link set veth-red up && ip -n blue link set veth-blue up",
            "veth-ready");

    /// <summary>Starts a capture of ICMP on host1's veth-red in namespace red through the packets panel; returns the panel.</summary>
    public static async Task<ILocator> CaptureIcmpOnRedAsync(IPage page)
    {
        var packets = page.Locator("[data-role=packets]");
        await packets.GetByLabel("Node").SelectOptionAsync("host1");
        await packets.GetByLabel("Namespace").FillAsync("red");
        await packets.GetByLabel("Interface").FillAsync("veth-red");
        await packets.GetByLabel("Filter").FillAsync("icmp");
        await packets.GetByRole(AriaRole.Button, new() { Name = "Start capture" }).ClickAsync();
        await Expect(packets.Locator("[data-role=capture-status]")).ToContainTextAsync("Capturing on host1 (netns red) veth-red");
        return packets;
    }
}
