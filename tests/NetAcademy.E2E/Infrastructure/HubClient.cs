using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace NetAcademy.E2E.Infrastructure;

/// <summary>
/// Hub calls and lab starts made the way a script would make them, with a signed-in page's cookies: no workspace page
/// is open, so nothing but the test holds hub streams for the user.
/// </summary>
public static partial class HubClient
{
    /// <summary>Path of the learner's hub.</summary>
    public const string Workspace = "/hubs/workspace";

    /// <summary>Path of the instructors' read-only hub.</summary>
    public const string Observation = "/hubs/observe";

    /// <summary>A started connection to the hub at <paramref name="path"/> as the user signed in on <paramref name="page"/>.</summary>
    public static async Task<HubConnection> ConnectAsync(IPage page, Uri server, string path)
    {
        var cookies = new CookieContainer();
        foreach (var cookie in await page.Context.CookiesAsync())
        {
            cookies.Add(new System.Net.Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        }
        var connection = new HubConnectionBuilder().WithUrl(new Uri(server, path), o => o.Cookies = cookies).Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>The message a hub call failed with, or "allowed" when it succeeded.</summary>
    public static async Task<string> AttemptAsync(Func<Task> call)
    {
        try
        {
            await call();
            return "allowed";
        }
        catch (HubException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The message a stream failed with before its first item, or "allowed" once an item (or its end) arrived.</summary>
    public static async Task<string> AttemptStreamAsync<T>(IAsyncEnumerable<T> stream)
    {
        try
        {
            await using var items = stream.GetAsyncEnumerator();
            await items.MoveNextAsync();
            return "allowed";
        }
        catch (HubException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// Like <see cref="AttemptStreamAsync{T}"/>, but an allowed stream stays open (its enumerator is not disposed) until
    /// the token given to <c>StreamAsync</c> is cancelled or the connection closes: it keeps holding its slot.
    /// </summary>
    public static async Task<string> OpenStreamAsync<T>(IAsyncEnumerable<T> stream)
    {
        try
        {
            await stream.GetAsyncEnumerator().MoveNextAsync();
            return "allowed";
        }
        catch (HubException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// Starts the lesson's lab through the lesson page's form (as the browser posts it, without following the redirect
    /// to the workspace) and waits until <c>GET /api/sessions/{id}</c> says Ready. Returns the session id.
    /// </summary>
    public static async Task<string> StartLabAsync(IPage page, string course, string lesson)
    {
        var api = page.Context.APIRequest;
        var lessonPage = await (await api.GetAsync($"/courses/{course}/{lesson}")).TextAsync();
        var token = TokenPattern().Match(lessonPage);
        Assert.True(token.Success, "the lesson page has no start form");
        var posted = await api.PostAsync($"/courses/{course}/{lesson}", new()
        {
            Form = FormOf(page, ("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)), ("_handler", "start-lab")),
            MaxRedirects = 0,
        });
        Assert.True(posted.Status is 302 or 303 or 200, $"start answered {posted.Status}");
        var workspace = await (await api.GetAsync($"/courses/{course}/{lesson}/lab")).TextAsync();
        var id = SessionIdPattern().Match(workspace);
        Assert.True(id.Success, "the workspace page names no session");
        var sessionId = id.Groups[1].Value;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            using var state = JsonDocument.Parse(await (await api.GetAsync($"/api/sessions/{sessionId}")).TextAsync());
            // The JSON API writes the state as its number (SessionState: Starting 0, Ready 1, Failed 2, ...).
            var now = state.RootElement.GetProperty("state").GetInt32();
            if (now == 1)
            {
                return sessionId;
            }
            Assert.True(now == 0 && DateTime.UtcNow < deadline, $"the lab did not become ready: {state.RootElement}");
            await Task.Delay(500);
        }
    }

    /// <summary>Stops a session through the workspace hub as its owner.</summary>
    public static async Task StopLabAsync(IPage page, Uri server, string sessionId)
    {
        await using var hub = await ConnectAsync(page, server, Workspace);
        await hub.InvokeAsync<JsonElement>("Stop", sessionId);
    }

    private static IFormData FormOf(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }
        return form;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("data-session-id=\"([^\"]+)\"")]
    private static partial Regex SessionIdPattern();
}
