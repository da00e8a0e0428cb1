using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Sandbox;

/// <summary>
/// Two learners (two browser contexts, two guest identities): neither the JSON API nor the workspace hub
/// lets one of them see or drive the other's lab, even with its session id in hand.
/// </summary>
public sealed class OwnershipTests : IClassFixture<BrowserFixture>
{
    private const string Lesson = "/courses/linux-networking/veth-pairs";
    private readonly BrowserFixture _fixture;

    public OwnershipTests(BrowserFixture fixture) => _fixture = fixture;

    private async Task<(IPage Page, string SessionId)> StartLabAsync()
    {
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync(Lesson);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
        return (page, await page.EvaluateAsync<string>("() => document.getElementById('workspace').dataset.sessionId"));
    }

    [Fact]
    public async Task OtherLearner_WithSessionId_GetsNoAccessThroughApiOrHub()
    {
        var (alice, aliceSession) = await StartLabAsync();
        var (mallory, mallorySession) = await StartLabAsync();
        try
        {
            Assert.NotEqual(aliceSession, mallorySession);

            var own = await alice.APIRequest.GetAsync($"/api/sessions/{aliceSession}");
            var foreign = await mallory.APIRequest.GetAsync($"/api/sessions/{aliceSession}");
            var malformed = await mallory.APIRequest.GetAsync("/api/sessions/..%2F..%2Fetc");
            Assert.Equal(200, own.Status);
            Assert.Equal(404, foreign.Status);
            Assert.Contains("No such lab session.", await foreign.TextAsync(), StringComparison.Ordinal);
            Assert.Equal(404, malformed.Status);

            // A script on Mallory's page opens a hub connection of its own, as any script could; every method refuses
            // Alice's id.
            var refusals = await mallory.EvaluateAsync<string[]>("""
                async (victim) => {
                  const { openHub } = await import('/js/hub.js');
                  const hub = await openHub('/hubs/workspace');
                  const attempt = async (...args) => { try { await hub.invoke(...args); return 'allowed'; } catch (e) { return String(e.message); } };
                  return [
                    await attempt('Watch', victim),
                    await attempt('Input', victim, 'host1', 1, 'touch /root/pwned\r'),
                    await attempt('Stop', victim),
                    await attempt('Watch', 'not-a-session-id'),
                  ];
                }
                """, aliceSession);
            Assert.All(refusals, r => Assert.Contains("No such lab session.", r, StringComparison.Ordinal));
            var stream = await mallory.EvaluateAsync<string>("""
                async (victim) => {
                  const { openHub } = await import('/js/hub.js');
                  const hub = await openHub('/hubs/workspace');
                  return await new Promise(resolve => hub.stream('Terminal', victim, 'host1', 1, 80, 24)
                    .subscribe({ next: () => resolve('data'), complete: () => resolve('complete'), error: e => resolve(String(e.message)) }));
                }
                """, aliceSession);
            Assert.Contains("No such lab session.", stream, StringComparison.Ordinal);

            // Alice's lab is untouched.
            await Expect(alice.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready");
            var terminal = new TerminalDriver(alice, "host1");
            await terminal.WaitForAsync(new Regex(@"root@host1:.*#"));
            await terminal.RunAndWaitAsync("test -e /root/pwned || echo clean-$((4*4))", "probe");
            await terminal.WaitForAsync(new Regex("clean-16"));
        }
        finally
        {
            foreach (var page in new[] { alice, mallory })
            {
                await LabPage.PressStopAsync(page);
                await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
            }
        }
    }
}
