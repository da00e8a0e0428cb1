using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace NetAcademy.Docker.Transport;

/// <summary>
/// HTTP/1.1 to the daemon over its socket, with one place that turns failures into the typed
/// exceptions: daemon errors by status, unreachable sockets, and timeouts.
/// </summary>
internal sealed partial class DockerTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeSpan _requestTimeout;

    public DockerTransport(DockerClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RequestTimeout <= TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "RequestTimeout must be positive or infinite.");
        }

        Endpoint = DockerEndpoint.Resolve(options.Endpoint);
        ApiVersion = options.ApiVersion.TrimStart('v');
        _requestTimeout = options.RequestTimeout;
        var endpoint = Endpoint;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) => new NetworkStream(await endpoint.ConnectAsync(ct).ConfigureAwait(false), ownsSocket: true),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };

        // Timeouts are applied per request (see SendAsync) so streams are not cut by a global limit.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public DockerEndpoint Endpoint { get; }

    public string ApiVersion { get; }

    /// <summary>Builds the absolute request URI: versioned path plus query.</summary>
    public Uri BuildUri(string path, QueryString? query) => new($"http://docker/v{ApiVersion}{path}{query}");

    /// <summary>Versioned path plus query, as written on the request line of a raw request.</summary>
    public string BuildTarget(string path, QueryString? query) => $"/v{ApiVersion}{path}{query}";

    /// <summary>Sends a request and deserializes the JSON answer.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, QueryString? query, object? body, CancellationToken cancellationToken, TimeSpan extraTime = default)
    {
        var text = await SendForTextAsync(method, path, query, CreateJsonContent(body), extraTime, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize<T>(text, DockerJson.Options)
                ?? throw new DockerApiException(HttpStatusCode.OK, "the daemon answered with an empty body", $"{method} {path}");
        }
        catch (JsonException ex)
        {
            throw new DockerApiException(HttpStatusCode.OK, $"the daemon's answer is not the expected JSON ({ex.Message})", $"{method} {path}");
        }
    }

    /// <summary>Sends a request whose answer body does not matter; 304 (already in that state) counts as success.</summary>
    public Task SendAsync(HttpMethod method, string path, QueryString? query, object? body, CancellationToken cancellationToken, TimeSpan extraTime = default) =>
        SendForTextAsync(method, path, query, CreateJsonContent(body), extraTime, cancellationToken);

    /// <summary>Sends a request with a ready-made body (e.g. a tar stream).</summary>
    public Task SendContentAsync(HttpMethod method, string path, QueryString? query, HttpContent content, CancellationToken cancellationToken) =>
        SendForTextAsync(method, path, query, content, default, cancellationToken);

    /// <summary>
    /// Sends a request and returns the response as soon as its headers arrive, for streamed bodies.
    /// The timeout covers the headers only. The caller disposes the response.
    /// </summary>
    public async Task<HttpResponseMessage> SendStreamingAsync(HttpMethod method, string path, QueryString? query, CancellationToken cancellationToken)
    {
        var description = $"{method} {path}";
        using var timeout = CreateTimeout(default, cancellationToken);
        using var request = new HttpRequestMessage(method, BuildUri(path, query));
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                    throw CreateApiException(response.StatusCode, body, description);
                }
            }

            return response;
        }
        catch (Exception ex) when (TranslateFailure(ex, description, timeout, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Turns an error answer into the typed exception for its status.</summary>
    public static DockerApiException CreateApiException(HttpStatusCode status, string body, string request)
    {
        var message = ReadDaemonMessage(body, status);
        return status switch
        {
            HttpStatusCode.NotFound => new DockerNotFoundException(message, request),
            HttpStatusCode.Conflict => new DockerConflictException(message, request),
            _ => new DockerApiException(status, message, request),
        };
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> SendForTextAsync(HttpMethod method, string path, QueryString? query, HttpContent? content, TimeSpan extraTime, CancellationToken cancellationToken)
    {
        var description = $"{method} {path}";
        using var timeout = CreateTimeout(extraTime, cancellationToken);
        using var request = new HttpRequestMessage(method, BuildUri(path, query)) { Content = content };
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified)
            {
                return body;
            }

            throw CreateApiException(response.StatusCode, body, description);
        }
        catch (Exception ex) when (TranslateFailure(ex, description, timeout, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    private TimeoutScope CreateTimeout(TimeSpan extraTime, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        TimeSpan? limit = null;
        if (_requestTimeout != Timeout.InfiniteTimeSpan)
        {
            limit = _requestTimeout + extraTime;
            source.CancelAfter(limit.Value);
        }

        return new TimeoutScope(source, limit);
    }

    /// <summary>
    /// Maps transport failures to the library's exceptions; returns null for exceptions that are
    /// already typed (or a cancellation the caller asked for) so they propagate unchanged.
    /// </summary>
    private Exception? TranslateFailure(Exception ex, string description, TimeoutScope timeout, CancellationToken cancellationToken)
    {
        switch (ex)
        {
            case DockerApiException or DockerUnavailableException:
                return null;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case OperationCanceledException when timeout.Token.IsCancellationRequested:
                return new TimeoutException($"Docker {description} did not complete within {timeout.Limit} (endpoint {Endpoint.Display}).", ex);
        }

        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is DockerUnavailableException unavailable)
            {
                return unavailable;
            }
        }

        if (ex is HttpRequestException or IOException or SocketException)
        {
            return new DockerUnavailableException(Endpoint.Display, ex);
        }

        return null;
    }

    private static StringContent? CreateJsonContent(object? body) =>
        body is null
            ? null
            : new StringContent(JsonSerializer.Serialize(body, body.GetType(), DockerJson.Options), Encoding.UTF8, "application/json");

    private static string ReadDaemonMessage(string body, HttpStatusCode status)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("message", out var message)
                    && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString() ?? string.Empty;
                }
            }
            catch (JsonException)
            {
                // Not JSON: the raw text is the best message there is.
            }

            return body.Trim();
        }

        return status.ToString();
    }

    private sealed class TimeoutScope(CancellationTokenSource source, TimeSpan? limit) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public TimeSpan? Limit => limit;

        public void Dispose() => source.Dispose();
    }
}
