using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>
/// A small SignalR client (JSON hub protocol over a WebSocket, negotiation skipped) for driving WorkspaceHub as a
/// page does: invoke, stream and server-to-client messages. Written here because the NuGet copy this machine
/// reaches lacks the dependencies of Microsoft.AspNetCore.SignalR.Client; the protocol is small and documented
/// (https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md).
/// </summary>
internal sealed class HubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _invocations = new();
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _streams = new();
    private readonly ConcurrentDictionary<string, Action<JsonElement>> _handlers = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _closing = new();
    private Task _receiving = Task.CompletedTask;
    private Task _keepAlive = Task.CompletedTask;
    private long _nextId;

    private HubClient(ClientWebSocket socket) => _socket = socket;

    /// <summary>Set when the server closed the connection, with its reason.</summary>
    public string? ClosedWith { get; private set; }

    /// <summary>Connects to the hub at <paramref name="hubUrl"/> (http or https) with the cookies of a signed-in client.</summary>
    public static async Task<HubClient> ConnectAsync(Uri hubUrl, CookieContainer cookies, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var ws = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws" }.Uri;
        await socket.ConnectAsync(ws, ct);
        var client = new HubClient(socket);
        await client.SendRawAsync("{\"protocol\":\"json\",\"version\":1}", ct);
        var handshake = await client.ReceiveMessageAsync(ct) ?? throw new InvalidOperationException("The hub closed during the handshake.");
        var first = handshake.Split(RecordSeparator)[0];
        using (var doc = JsonDocument.Parse(first))
        {
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"The hub refused the handshake: {error.GetString()}");
            }
        }
        client._receiving = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
        client._keepAlive = Task.Run(client.KeepAliveAsync, CancellationToken.None);
        return client;
    }

    /// <summary>Registers a handler for a server-to-client method (e.g. "session"); it gets the arguments array.</summary>
    public void On(string target, Action<JsonElement> handler) => _handlers[target] = handler;

    /// <summary>Invokes a hub method and waits for its result (a HubException becomes <see cref="HubErrorException"/>).</summary>
    public async Task<JsonElement> InvokeAsync(string target, object?[] arguments, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[id] = done;
        try
        {
            await SendRawAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }), ct);
            return await done.Task.WaitAsync(ct);
        }
        finally
        {
            _invocations.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// Starts a server-to-client stream; items arrive on the returned reader, which completes when the stream
    /// ends (with <see cref="HubErrorException"/> when it ended with an error). Cancel with <see cref="CancelStreamAsync"/>.
    /// </summary>
    public async Task<(string Id, ChannelReader<JsonElement> Items)> StreamAsync(string target, object?[] arguments, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var channel = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _streams[id] = channel;
        await SendRawAsync(JsonSerializer.Serialize(new { type = 4, invocationId = id, target, arguments }), ct);
        return (id, channel.Reader);
    }

    public async Task CancelStreamAsync(string id, CancellationToken ct)
    {
        if (_streams.TryRemove(id, out var channel))
        {
            channel.Writer.TryComplete();
            await SendRawAsync(JsonSerializer.Serialize(new { type = 5, invocationId = id }), ct);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (await ReceiveMessageAsync(_closing.Token) is { } text)
            {
                foreach (var record in text.Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
                {
                    Dispatch(record);
                }
            }
            Fail("the server closed the WebSocket");
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            Fail("the client closed");
        }
        catch (WebSocketException ex)
        {
            Fail(ex.Message);
        }
    }

    private void Dispatch(string record)
    {
        // Cloned: the document is disposed here, and consumers read the elements later.
        using var doc = JsonDocument.Parse(record);
        var root = doc.RootElement;
        var type = root.GetProperty("type").GetInt32();
        var id = root.TryGetProperty("invocationId", out var idElement) ? idElement.GetString() : null;
        switch (type)
        {
            case 1 when root.TryGetProperty("target", out var target) && _handlers.TryGetValue(target.GetString()!, out var handler):
                handler(root.GetProperty("arguments").Clone());
                break;
            case 2 when id is not null && _streams.TryGetValue(id, out var stream):
                stream.Writer.TryWrite(root.GetProperty("item").Clone());
                break;
            case 3 when id is not null:
                var error = root.TryGetProperty("error", out var e) ? e.GetString() : null;
                if (_invocations.TryRemove(id, out var invocation))
                {
                    if (error is not null)
                    {
                        invocation.TrySetException(new HubErrorException(error));
                    }
                    else
                    {
                        invocation.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                    }
                }
                else if (_streams.TryRemove(id, out var ended))
                {
                    ended.Writer.TryComplete(error is null ? null : new HubErrorException(error));
                }
                break;
            case 7:
                Fail(root.TryGetProperty("error", out var reason) ? reason.GetString() ?? "closed" : "closed by the server");
                break;
        }
    }

    private void Fail(string reason)
    {
        ClosedWith ??= reason;
        var error = new HubErrorException($"The hub connection ended: {reason}");
        foreach (var (id, invocation) in _invocations)
        {
            if (_invocations.TryRemove(id, out _))
            {
                invocation.TrySetException(error);
            }
        }
        foreach (var (id, stream) in _streams)
        {
            if (_streams.TryRemove(id, out _))
            {
                stream.Writer.TryComplete(error);
            }
        }
    }

    // The server drops a client it has not heard from for 30 s; pages ping every 15 s, so do we.
    private async Task KeepAliveAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token))
            {
                await SendRawAsync("{\"type\":6}", _closing.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    private async Task SendRawAsync(string json, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(json + RecordSeparator);
        await _sendGate.WaitAsync(ct);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>One WebSocket message as text (it may hold several records); null when the socket closed.</summary>
    private async Task<string?> ReceiveMessageAsync(CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var message = new MemoryStream();
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (WebSocketException)
        {
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(_receiving, _keepAlive).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _closing.Dispose();
        _sendGate.Dispose();
    }
}
