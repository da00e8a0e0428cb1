using System.Text.RegularExpressions;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Sandbox;

/// <summary>A memory hog in a node is killed inside the node's limit, and the learner is told what happened.</summary>
public sealed class OutOfMemoryNoticeTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _fixture;

    public OutOfMemoryNoticeTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task MemoryHog_InANode_IsKilledAndTheWorkspaceSaysSo()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        try
        {
            var terminal = new TerminalDriver(page, "host1");

            // 1 GiB in a 256 MiB node.
            await terminal.RunAndWaitAsync("python3 -c 'a = bytearray(1024 * 1024 * 1024)'; echo exit=$?", "hog-done", TimeSpan.FromSeconds(60));
            await terminal.WaitForAsync(new Regex("exit=137"));

            var notices = page.Locator("[data-role=notices]");
            await Expect(notices).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(notices).ToContainTextAsync("host1 was killed: out of memory");

            // The node itself is still there.
            await terminal.RunAndWaitAsync("echo still-here", "alive");
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }
}
