using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>
/// One simulated learner: an HTTP client with its own cookies (so its own guest identity) that starts a lab
/// through the lesson page's Start form, and a hub connection that watches the session, as the workspace page does.
/// </summary>
internal sealed partial class WebLearner : IAsyncDisposable
{
    private readonly Uri _base;
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;
    private readonly object _gate = new();
    private TaskCompletionSource<string> _stateChanged = NewSignal();
    private string _state = "";

    private WebLearner(Uri baseAddress)
    {
        _base = baseAddress;
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };
    }

    public HubClient Hub { get; private set; } = null!;

    public string SessionId { get; private set; } = "";

    /// <summary>The session's state as last pushed by the server (Starting, Ready, Failed, Stopping, Stopped).</summary>
    public string State { get { lock (_gate) { return _state; } } }

    public static WebLearner Create(Uri baseAddress) => new(baseAddress);

    /// <summary>
    /// GETs the lesson page, posts its Start form (antiforgery token and handler name from the page, as a browser
    /// sends them), follows the redirect to the workspace and reads the session id from it.
    /// </summary>
    public async Task<string> StartLabAsync(string lessonPath, CancellationToken ct)
    {
        // With guests allowed, the lesson page itself signs this client in as a guest, so the form's token is its own.
        var page = await GetTextAsync(lessonPath, ct);
        var form = StartForm().Match(page);
        if (!form.Success)
        {
            throw new InvalidOperationException($"{lessonPath} has no Start form (is a lab already running, or unavailable?).");
        }
        var fields = HiddenInput().Matches(form.Value).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        using var post = await _http.PostAsync(lessonPath, new FormUrlEncodedContent(fields), ct);
        if (post.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
        {
            var body = await post.Content.ReadAsStringAsync(ct);
            var error = ErrorBox().Match(body);
            throw new InvalidOperationException($"Start answered {(int)post.StatusCode}: {(error.Success ? error.Groups[1].Value : body[..Math.Min(300, body.Length)])}");
        }
        var workspace = await GetTextAsync(post.Headers.Location!.OriginalString, ct);
        var id = SessionAttribute().Match(workspace);
        SessionId = id.Success ? id.Groups[1].Value : throw new InvalidOperationException("The workspace page has no data-session-id.");
        return SessionId;
    }

    /// <summary>Connects the hub and joins the session's updates (Watch), like the workspace page on load.</summary>
    public async Task ConnectAsync(CancellationToken ct)
    {
        Hub = await HubClient.ConnectAsync(new Uri(_base, "hubs/workspace"), _cookies, ct);
        Hub.On("session", args => SetState(args[0].GetProperty("state").GetString() ?? ""));
        var snapshot = await Hub.InvokeAsync("Watch", [SessionId], ct);
        SetState(snapshot.GetProperty("state").GetString() ?? "");
    }

    /// <summary>Waits until the session is in <paramref name="wanted"/>; fails fast on Failed.</summary>
    public async Task WaitForStateAsync(string wanted, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        while (true)
        {
            Task<string> next;
            lock (_gate)
            {
                if (_state == wanted)
                {
                    return;
                }
                if (_state == "Failed" && wanted != "Failed")
                {
                    throw new InvalidOperationException($"The session {SessionId} failed to start.");
                }
                next = _stateChanged.Task;
            }
            try
            {
                await next.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"The session {SessionId} was not {wanted} within {timeout.TotalSeconds} s (it is {State}).");
            }
        }
    }

    /// <summary>Opens the terminal stream of the node's first shell (the one the workspace opens) at 80x24.</summary>
    public async Task<HubTerminal> OpenTerminalAsync(string node, CancellationToken ct)
    {
        var (id, items) = await Hub.StreamAsync("Terminal", [SessionId, node, HubTerminal.Shell, 80, 24], ct);
        return new HubTerminal(this, node, id, items);
    }

    public Task<JsonElement> InvokeAsync(string method, object?[] args, CancellationToken ct) => Hub.InvokeAsync(method, args, ct);

    public async Task<string> GetTextAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(ct);
    }

    private void SetState(string state)
    {
        TaskCompletionSource<string> signal;
        lock (_gate)
        {
            _state = state;
            signal = _stateChanged;
            _stateChanged = NewSignal();
        }
        signal.TrySetResult(state);
    }

    private static TaskCompletionSource<string> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [GeneratedRegex("<form[^>]*>(?:(?!</form>).)*data-action=\"start-lab\"(?:(?!</form>).)*</form>", RegexOptions.Singleline)]
    private static partial Regex StartForm();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("data-session-id=\"([^\"]+)\"")]
    private static partial Regex SessionAttribute();

    [GeneratedRegex("class=\"error-box\"[^>]*>([^<]*)<")]
    private static partial Regex ErrorBox();

    public async ValueTask DisposeAsync()
    {
        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }
        _http.Dispose();
    }
}
