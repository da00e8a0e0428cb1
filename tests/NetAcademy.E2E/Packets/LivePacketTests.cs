using System.Diagnostics;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Packets;

/// <summary>
/// A learner builds the red/blue namespaces of the veth lab by typing commands, captures on veth-red inside netns
/// red from the packet pane, pings across, sees the echoes in the live table and downloads the pcap.
/// </summary>
public sealed class LivePacketTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _fixture;

    public LivePacketTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Capture_PingAcrossVethInNetns_TableShowsEchoesAndDownloadHasSixIcmpPackets()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        try
        {
            var terminal = new TerminalDriver(page, "host1");
            await LabPage.JoinRedAndBlueAsync(terminal);
            var packets = await LabPage.CaptureIcmpOnRedAsync(page);

            await terminal.RunAndWaitAsync("ip netns exec blue ping -c 3 -i 0.3 10.0.0.1 >/dev/null", "ping-done");

            var requests = packets.Locator("tbody tr", new() { HasTextString = "ICMP echo request" });
            var replies = packets.Locator("tbody tr", new() { HasTextString = "ICMP echo reply" });
            await Expect(requests).ToHaveCountAsync(3);
            await Expect(replies).ToHaveCountAsync(3);
            await Expect(requests.First).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("^IPv4 10.0.0.2 > 10.0.0.1 / ICMP echo request"));
            await Expect(requests.First.Locator("td.where")).ToHaveTextAsync("host1:red veth-red");

            // A row opens its fields and bytes.
            await requests.First.ClickAsync();
            var detail = packets.Locator("[data-role=packet-detail]");
            await Expect(detail).ToBeVisibleAsync();
            await Expect(detail).ToContainTextAsync("ip.src");
            await Expect(detail.Locator(".packet-hex")).ToContainTextAsync("0000  ");

            // The display filter hides what does not match.
            await packets.GetByLabel("Show", new() { Exact = true }).FillAsync("reply");
            await Expect(requests.First).ToBeHiddenAsync();
            await Expect(replies.First).ToBeVisibleAsync();
            await packets.GetByLabel("Show", new() { Exact = true }).FillAsync("");

            var download = await page.RunAndWaitForDownloadAsync(() => packets.GetByRole(AriaRole.Link, new() { Name = "Download pcap" }).ClickAsync());
            var path = Path.Combine(Path.GetTempPath(), $"e2e-{Guid.NewGuid():n}.pcap");
            await download.SaveAsAsync(path);
            try
            {
                var lines = await TsharkAsync("-r", path, "-Y", "icmp", "-T", "fields", "-e", "icmp.type");
                Assert.Equal(6, lines.Count);
                Assert.Equal(3, lines.Count(l => l == "8"));
                Assert.Equal(3, lines.Count(l => l == "0"));
            }
            finally
            {
                File.Delete(path);
            }

            await packets.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true }).ClickAsync();
            await Expect(packets.Locator("[data-role=capture-status]")).ToContainTextAsync("Capture stopped on host1");
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    [Fact]
    public async Task Capture_BadFilterOrMissingInterface_ShowsTheReason()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        try
        {
            var packets = page.Locator("[data-role=packets]");
            await packets.GetByLabel("Interface").FillAsync("eth9");
            await packets.GetByRole(AriaRole.Button, new() { Name = "Start capture" }).ClickAsync();
            await Expect(packets.Locator("[data-role=capture-error]")).ToHaveTextAsync("host1 has no interface eth9.");

            await packets.GetByLabel("Interface").FillAsync("eth0");
            await packets.GetByLabel("Filter").FillAsync("icmp; touch /tmp/pwned");
            await packets.GetByRole(AriaRole.Button, new() { Name = "Start capture" }).ClickAsync();
            await Expect(packets.Locator("[data-role=capture-error]")).ToContainTextAsync("The capture filter is not valid");
            await Expect(packets.Locator("[data-role=capture-error]")).ToContainTextAsync("syntax error");
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    private static async Task<List<string>> TsharkAsync(params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/tshark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var tshark = Process.Start(info)!;
        var output = tshark.StandardOutput.ReadToEndAsync();
        var errors = tshark.StandardError.ReadToEndAsync();
        await tshark.WaitForExitAsync();
        Assert.True(tshark.ExitCode == 0, await errors);
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}
