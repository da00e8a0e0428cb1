using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using NetAcademy.Testing.Docker;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Sandbox;

/// <summary>
/// The server dies with kill -9 while a learner's lab runs. A new server with the same instance and data
/// directory adopts the lab (the learner's guest cookie still verifies, its keys live in the data
/// directory), the workspace is Ready again and the terminal works; leftovers it cannot adopt are removed.
/// </summary>
public sealed class RestartTests : IClassFixture<SandboxBrowser>, IAsyncLifetime
{
    private const string Lesson = "courses/linux-networking/veth-pairs";
    private readonly SandboxBrowser _browser;
    private readonly string _instance = "e2e-" + Guid.NewGuid().ToString("n")[..8];
    private readonly string _data = Directory.CreateTempSubdirectory("netacademy-e2e-restart-").FullName;
    private readonly List<ServerProcess> _servers = [];

    public RestartTests(SandboxBrowser browser) => _browser = browser;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
        await DockerLeftovers.RemoveAllAsync(_instance);
    }

    private async Task<ServerProcess> StartServerAsync()
    {
        // Guests: their identity is a cookie signed with keys under the data directory, so it survives a restart.
        var server = await ServerProcess.StartAsync(_instance, _data, new Dictionary<string, string> { ["Accounts__AllowGuests"] = "true" });
        _servers.Add(server);
        return server;
    }

    [Fact]
    public async Task KillAndRestart_SameInstance_AdoptsLabAndRemovesLeftovers()
    {
        var first = await StartServerAsync();
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(first.BaseAddress, Lesson).ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
        try
        {
            await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage {page.Url}:\n{await page.InnerTextAsync("body")}\nServer:\n{first.Log}", ex);
        }
        var sessionId = await page.EvaluateAsync<string>("() => document.getElementById('workspace').dataset.sessionId");
        var terminal = new TerminalDriver(page, "host1");
        await terminal.WaitForAsync(new Regex(@"root@host1:.*#"));
        await terminal.RunAndWaitAsync("touch /root/before-the-crash", "touched");

        await first.KillAsync();
        var running = await DockerLeftovers.ContainersAsync(_instance);
        Assert.Contains($"na-{sessionId}-host1", running);
        // What a crash mid-start leaves: a node of a session whose lab no longer exists.
        var stray = "a1b2c3d4e5f60718293a";
        var (created, output) = await DockerCli.RunAsync("create", "--label", "netacademy.test=1", "--label", "netacademy.project=netacademy",
            "--label", $"netacademy.instance={_instance}", "--label", $"netacademy.session={stray}", "--label", "netacademy.user=nobody",
            "--label", "netacademy.lab=lab-that-was-deleted", "--label", "netacademy.node=n1", "--name", $"na-{stray}-n1",
            "--network", "none", "netacademy/base:latest", "sleep", "600");
        Assert.True(created == 0, output);

        var second = await StartServerAsync();
        var clock = Stopwatch.StartNew();
        while ((await DockerLeftovers.ContainersAsync(_instance)).Contains($"na-{stray}-n1"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the stray container was not removed:\n{second.Log}");
            await Task.Delay(250);
        }
        Assert.Contains($"na-{sessionId}-host1", await DockerLeftovers.ContainersAsync(_instance));

        await page.GotoAsync(new Uri(second.BaseAddress, Lesson + "/lab").ToString());
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-session-id", sessionId);
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready");
        await Expect(page.Locator(".terminal-pane[data-node=host1]")).ToHaveAttributeAsync("data-attached", "true");
        terminal = new TerminalDriver(page, "host1");
        await terminal.WaitForAsync(new Regex(@"root@host1:.*#"));
        await terminal.RunAndWaitAsync("ls /root/before-the-crash && echo adopted-$((2+3))", "after");
        await terminal.WaitForAsync(new Regex("adopted-5"));
        var api = await page.APIRequest.GetAsync(new Uri(second.BaseAddress, $"api/sessions/{sessionId}").ToString());
        Assert.Equal(200, api.Status);
        using (var json = JsonDocument.Parse(await api.TextAsync()))
        {
            Assert.Equal(sessionId, json.RootElement.GetProperty("id").GetString());
        }

        await LabPage.PressStopAsync(page);
        await Expect(page.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
        Assert.Empty(await DockerLeftovers.ContainersAsync(_instance));
        Assert.Empty(await DockerLeftovers.NetworksAsync(_instance));
    }
}
