using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Playwright;
using NetAcademy.E2E.Infrastructure;

namespace NetAcademy.E2E.Reliability;

/// <summary>
/// The SignalR JSON hub protocol spoken by hand over a WebSocket (the .NET SignalR client's packages are not
/// available here). Enough for floods: fire-and-forget invocations written as fast as the socket takes
/// them (no waiting for the server, as a hostile client would), and stream items as they arrive.
/// </summary>
internal sealed class RawHubConnection : IAsyncDisposable
{
    private const char Separator = '\u001e';

    // Non-ASCII text as UTF-8, not \uXXXX escapes: a 16 K-character keystroke message must stay under the hub's 64 KiB limit.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiver;
    private int _nextId;

    private RawHubConnection(ClientWebSocket socket)
    {
        _socket = socket;
        _receiver = Task.Run(ReceiveAsync);
    }

    /// <summary>Set when the server closed the connection, with its close message if any.</summary>
    public TaskCompletionSource<string?> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Connects to /hubs/workspace with the page's cookies and completes the protocol handshake.</summary>
    public static async Task<RawHubConnection> ConnectAsync(ServerProcess server, IPage page)
    {
        var cookies = new CookieContainer();
        foreach (var cookie in await page.Context.CookiesAsync())
        {
            cookies.Add(server.BaseAddress, new System.Net.Cookie(cookie.Name, cookie.Value, "/"));
        }
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = server.BaseAddress };
        using var negotiate = await http.PostAsync("hubs/workspace/negotiate?negotiateVersion=1", null);
        negotiate.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("connectionToken").GetString();
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        await socket.ConnectAsync(new Uri($"ws://{server.BaseAddress.Authority}/hubs/workspace?id={Uri.EscapeDataString(token!)}"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}" + Separator), WebSocketMessageType.Text, true, CancellationToken.None);
        var connection = new RawHubConnection(socket);
        var handshake = await connection.NextAsync(TimeSpan.FromSeconds(10));
        if (handshake.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"Hub handshake refused: {error}");
        }
        return connection;
    }

    /// <summary>An invocation the server does not answer (no invocation id): written and forgotten.</summary>
    public Task SendAsync(string target, params object[] arguments) =>
        WriteAsync(new { type = 1, target, arguments });

    /// <summary>An invocation whose completion is awaited; throws with the hub's error.</summary>
    public async Task InvokeAsync(string target, params object[] arguments)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await WriteAsync(new { type = 1, invocationId = id, target, arguments });
        while (true)
        {
            var message = await NextAsync(TimeSpan.FromSeconds(30));
            if (message.GetProperty("type").GetInt32() == 3 && message.GetProperty("invocationId").GetString() == id)
            {
                if (message.TryGetProperty("error", out var error))
                {
                    throw new InvalidOperationException($"{target} failed: {error}");
                }
                return;
            }
        }
    }

    /// <summary>Starts a server-to-client stream; its items arrive through <see cref="NextAsync"/> as type 2 messages.</summary>
    public Task StartStreamAsync(string target, params object[] arguments) =>
        WriteAsync(new { type = 4, invocationId = "stream-" + Interlocked.Increment(ref _nextId), target, arguments });

    /// <summary>The next message from the server other than a ping.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var message = await _messages.Reader.ReadAsync(cancel.Token);
            if (!message.TryGetProperty("type", out var type) || type.GetInt32() != 6)
            {
                return message;
            }
        }
    }

    private async Task WriteAsync(object message)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, Json) + Separator);
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, _stop.Token);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var pending = new StringBuilder();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Closed.TrySetResult(result.CloseStatusDescription);
                    break;
                }
                pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                var text = pending.ToString();
                var last = text.LastIndexOf(Separator);
                if (last < 0)
                {
                    continue;
                }
                foreach (var frame in text[..last].Split(Separator, StringSplitOptions.RemoveEmptyEntries))
                {
                    using var document = JsonDocument.Parse(frame);
                    var element = document.RootElement.Clone();
                    if (element.TryGetProperty("type", out var type) && type.GetInt32() == 7)
                    {
                        Closed.TrySetResult(element.TryGetProperty("error", out var error) ? error.GetString() : null);
                    }
                    await _messages.Writer.WriteAsync(element);
                }
                pending.Clear().Append(text[(last + 1)..]);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            Closed.TrySetResult(ex.Message);
        }
        finally
        {
            Closed.TrySetResult(null);
            _messages.Writer.TryComplete();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _receiver;
        }
        catch (OperationCanceledException)
        {
        }
        _socket.Dispose();
        _stop.Dispose();
    }
}
