using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace NetAcademy.Docker.Transport;

/// <summary>
/// Raw HTTP/1.1 for the calls that take over the connection (exec start with attach): HttpClient
/// cannot hand back the socket after an upgrade, so the request is written and the answer's
/// headers parsed here.
/// </summary>
internal sealed partial class DockerTransport
{
    private const int MaxHeaderBytes = 64 * 1024;
    private const int MaxErrorBodyBytes = 64 * 1024;
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>
    /// POSTs <paramref name="body"/> with <c>Upgrade: tcp</c> and returns the raw connection once the
    /// daemon answers 101 (or 200 from daemons that do not upgrade formally).
    /// </summary>
    public async Task<HijackedConnection> HijackAsync(string path, object body, CancellationToken cancellationToken)
    {
        var description = $"POST {path}";
        using var timeout = CreateTimeout(default, cancellationToken);
        Socket? socket = null;
        NetworkStream? stream = null;
        try
        {
            socket = await Endpoint.ConnectAsync(timeout.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);

            var payload = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), DockerJson.Options);
            var head = $"POST {BuildTarget(path, null)} HTTP/1.1\r\n"
                + "Host: docker\r\n"
                + "User-Agent: NetAcademy.Docker\r\n"
                + "Content-Type: application/json\r\n"
                + $"Content-Length: {payload.Length.ToString(CultureInfo.InvariantCulture)}\r\n"
                + "Connection: Upgrade\r\n"
                + "Upgrade: tcp\r\n"
                + "\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token).ConfigureAwait(false);
            await stream.WriteAsync(payload, timeout.Token).ConfigureAwait(false);
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);

            var (status, headers, leftover) = await ReadResponseHeadAsync(stream, description, timeout.Token).ConfigureAwait(false);
            if (status is HttpStatusCode.SwitchingProtocols or HttpStatusCode.OK)
            {
                var connection = new HijackedConnection(socket, stream, leftover);
                socket = null;
                stream = null;
                return connection;
            }

            var errorBody = await ReadErrorBodyAsync(stream, headers, leftover, timeout.Token).ConfigureAwait(false);
            throw CreateApiException(status, errorBody, description);
        }
        catch (Exception ex) when (TranslateFailure(ex, description, timeout, cancellationToken) is { } translated)
        {
            throw translated;
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket?.Dispose();
            }
        }
    }

    private static async Task<(HttpStatusCode Status, Dictionary<string, string> Headers, ReadOnlyMemory<byte> Leftover)> ReadResponseHeadAsync(
        NetworkStream stream, string description, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var filled = 0;
        while (true)
        {
            var end = buffer.AsSpan(0, filled).IndexOf(HeaderEnd);
            if (end >= 0)
            {
                var text = Encoding.ASCII.GetString(buffer, 0, end);
                var (status, headers) = ParseHead(text, description);
                var leftover = buffer.AsMemory(end + HeaderEnd.Length, filled - end - HeaderEnd.Length).ToArray();
                return (status, headers, leftover);
            }

            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxHeaderBytes)
                {
                    throw new DockerApiException(HttpStatusCode.OK, "the daemon's response headers are too large", description);
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The daemon closed the connection before answering.");
            }

            filled += read;
        }
    }

    private static (HttpStatusCode Status, Dictionary<string, string> Headers) ParseHead(string text, string description)
    {
        var lines = text.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            throw new DockerApiException(HttpStatusCode.OK, $"the daemon's answer is not HTTP ('{lines[0]}')", description);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return ((HttpStatusCode)code, headers);
    }

    /// <summary>Reads an error answer's body: by Content-Length, chunked, or up to the connection's end.</summary>
    private static async Task<string> ReadErrorBodyAsync(NetworkStream stream, Dictionary<string, string> headers, ReadOnlyMemory<byte> leftover, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        body.Write(leftover.Span);
        var limit = MaxErrorBodyBytes;
        if (headers.TryGetValue("Content-Length", out var lengthText)
            && int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            limit = Math.Min(length, MaxErrorBodyBytes);
        }

        var chunk = new byte[4096];
        while (body.Length < limit)
        {
            var read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - body.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            body.Write(chunk, 0, read);
            if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase)
                && body.GetBuffer().AsSpan(0, (int)body.Length).EndsWith("0\r\n\r\n"u8))
            {
                break;
            }
        }

        var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
        return headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? DecodeChunked(text)
            : text;
    }

    private static string DecodeChunked(string text)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var lineEnd = text.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0
                || !int.TryParse(text.AsSpan(position, lineEnd - position).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size)
                || size == 0)
            {
                break;
            }

            var start = lineEnd + 2;
            var take = Math.Min(size, text.Length - start);
            result.Append(text, start, take);
            position = start + size + 2;
        }

        return result.ToString();
    }
}
