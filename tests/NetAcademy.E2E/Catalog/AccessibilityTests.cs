using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Catalog;

/// <summary>
/// axe-core (served from /lib/axe-core, copied there by deploy/build-frontend.sh) scans the catalog, the search
/// results, a course, a lesson, the workspace with a running lab and the instructor's progress and observation pages,
/// in the light and the dark colour scheme.
/// Violations of impact serious or critical fail the test, listed with their rule, help text and elements.
/// </summary>
public sealed class AccessibilityTests : IClassFixture<AxeBrowserFixture>
{
    private readonly AxeBrowserFixture _fixture;

    public AccessibilityTests(AxeBrowserFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task CatalogCourseAndLesson_AxeScan_NoSeriousViolations(ColorScheme scheme)
    {
        var page = await _fixture.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        foreach (var path in new[] { "/", "/?q=veth", "/courses/linux-networking", "/courses/linux-networking/veth-pairs" })
        {
            await page.GotoAsync(path);
            await AssertNoSeriousViolationsAsync(page, $"{path} ({scheme})");
        }
    }

    [Fact]
    public async Task Workspace_RunningLabAxeScan_NoSeriousViolations()
    {
        var (page, _) = await LabPage.StartVethLabAsync(_fixture);
        try
        {
            await Expect(page.Locator("[data-role=graph]")).ToHaveAttributeAsync("data-live", "true", new() { Timeout = 30_000 });
            // With a second shell on host1: the scan covers several tabs of one node and an enabled close button.
            await page.GetByRole(AriaRole.Button, new() { Name = "New terminal on host1" }).ClickAsync();
            await Expect(new TerminalDriver(page, "host1", 2).Pane).ToHaveAttributeAsync("data-attached", "true");
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                await page.EmulateMediaAsync(new() { ColorScheme = scheme });
                await AssertNoSeriousViolationsAsync(page, $"workspace ({scheme})");
            }
            // The graph is an image with a text alternative, and its content is also listed as text.
            await Expect(page.Locator("[data-role=graph-canvas]")).ToHaveAttributeAsync("role", "img");
            await Expect(page.Locator("[data-role=graph-canvas]")).ToHaveAttributeAsync("aria-label", new Regex(".+"));
        }
        finally
        {
            await LabPage.StopAsync(page);
        }
    }

    [Fact]
    public async Task InstructorPages_ProgressAndObservationAxeScan_NoSeriousViolations()
    {
        var learnerName = "a" + Guid.NewGuid().ToString("n")[..10];
        var learner = await _fixture.NewSignedInPageAsync("learner", learnerName);
        await LabPage.StartVethLabAsync(learner);
        try
        {
            // An admin: an instructor sees only courses whose course.yaml lists them, and the shipped content lists nobody.
            var instructor = await _fixture.NewSignedInPageAsync("admin");
            await instructor.GotoAsync("/instructor/courses/linux-networking");
            await AssertNoSeriousViolationsAsync(instructor, "instructor course page");
            await instructor.Locator($"[data-role=running] tr[data-user={learnerName}] [data-role=observe]").ClickAsync();
            await Expect(instructor.Locator("#observe .terminal-pane[data-node=host1]")).ToHaveAttributeAsync("data-attached", "true");
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                await instructor.EmulateMediaAsync(new() { ColorScheme = scheme });
                await AssertNoSeriousViolationsAsync(instructor, $"observation page ({scheme})");
            }
            await instructor.Context.CloseAsync();
        }
        finally
        {
            await LabPage.StopAsync(learner);
        }
    }

    private static async Task AssertNoSeriousViolationsAsync(IPage page, string where)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.AddScriptTagAsync(new() { Url = "/lib/axe-core/axe.min.js" });
        }
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary) })));
            }
            """);
        using var doc = JsonDocument.Parse(json);
        var violations = doc.RootElement.EnumerateArray()
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()}\n    "
                + string.Join("\n    ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))
            .ToList();
        Assert.True(violations.Count == 0, $"axe found serious or critical problems on {where}:\n" + string.Join("\n", violations));
    }
}
