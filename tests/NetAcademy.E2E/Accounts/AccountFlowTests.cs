using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetAcademy.E2E.Accounts;

/// <summary>Accounts in a real browser: signing in to start a lab, roles, and one learner's lab closed to another.</summary>
public sealed class AccountFlowTests : IClassFixture<BrowserFixture>
{
    private const string LessonUrl = "/courses/linux-networking/veth-pairs";
    private readonly BrowserFixture _fixture;

    public AccountFlowTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task StartLab_Anonymous_SignsInAndComesBackToTheLesson()
    {
        var learner = await _fixture.NewPageAsync();
        var name = await learner.Locator("[data-role=user-name]").GetAttributeAsync("title");
        await learner.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(learner.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();

        await learner.GotoAsync(LessonUrl);
        await learner.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
        await Expect(learner).ToHaveURLAsync(new Regex("/account/signin\\?returnUrl="));
        await learner.Locator("input[name='Input.UserName']").FillAsync(name!);
        await learner.Locator("input[name='Input.Password']").FillAsync("wrong password here");
        await learner.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(learner.Locator("[data-role=form-error]")).ToHaveTextAsync("Wrong user name or password.");
        await learner.Locator("input[name='Input.Password']").FillAsync(BrowserFixture.PasswordOf(name!));
        await learner.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(learner).ToHaveURLAsync(new Regex(Regex.Escape(LessonUrl) + "$"));
        await Expect(learner.Locator("[data-role=user-name]")).ToHaveAttributeAsync("title", name!);
    }

    [Fact]
    public async Task AdminPage_InstructorDeniedAdminAllowed()
    {
        var instructor = await _fixture.NewSignedInPageAsync("instructor");
        var admin = await _fixture.NewSignedInPageAsync("admin");

        await instructor.GotoAsync("/admin/users");
        await admin.GotoAsync("/admin/users");

        await Expect(instructor.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Session_OtherLearner_DeniedThroughApiAndHub()
    {
        var owner = await _fixture.NewPageAsync();
        await owner.GotoAsync(LessonUrl);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Start lab" }).ClickAsync();
        await Expect(owner.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 120_000 });
        var sessionId = await owner.Locator("#workspace").GetAttributeAsync("data-session-id");
        try
        {
            var other = await _fixture.NewPageAsync();
            var api = await other.APIRequest.GetAsync($"/api/sessions/{sessionId}");
            var own = await owner.APIRequest.GetAsync($"/api/sessions/{sessionId}");
            Assert.Equal(404, api.Status);
            Assert.Equal(200, own.Status);

            await other.AddScriptTagAsync(new() { Url = "/lib/signalr/signalr.min.js" });
            var hubError = await other.EvaluateAsync<string>("""
                async (id) => {
                  const hub = new signalR.HubConnectionBuilder().withUrl('/hubs/workspace').build();
                  await hub.start();
                  try { await hub.invoke('Watch', id); return 'allowed'; }
                  catch (e) { return String(e.message); }
                  finally { await hub.stop(); }
                }
                """, sessionId);
            Assert.NotEqual("allowed", hubError);
        }
        finally
        {
            await LabPage.PressStopAsync(owner);
            await Expect(owner.Locator("#workspace")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
        }
    }
}
