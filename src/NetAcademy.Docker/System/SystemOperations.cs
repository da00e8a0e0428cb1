using System.Runtime.CompilerServices;
using System.Text.Json;
using NetAcademy.Docker.Models;
using NetAcademy.Docker.Transport;

namespace NetAcademy.Docker;

/// <summary>Daemon-wide calls: version, ping, event stream.</summary>
public sealed class SystemOperations
{
    private readonly DockerTransport _transport;

    internal SystemOperations(DockerTransport transport) => _transport = transport;

    /// <summary>Returns the daemon's version and the host's kernel.</summary>
    /// <exception cref="DockerUnavailableException">The daemon cannot be reached.</exception>
    public Task<VersionResponse> GetVersionAsync(CancellationToken cancellationToken = default) =>
        _transport.SendAsync<VersionResponse>(HttpMethod.Get, "/version", null, null, cancellationToken);

    /// <summary>True when the daemon answers <c>/_ping</c>; false when it cannot be reached or answers an error.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _transport.SendAsync(HttpMethod.Get, "/_ping", null, null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is DockerUnavailableException or DockerApiException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Streams daemon events until <paramref name="cancellationToken"/> is cancelled (the enumeration
    /// then ends with <see cref="OperationCanceledException"/>) or the daemon closes the stream.
    /// </summary>
    /// <param name="parameters">Filters; null streams everything.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <exception cref="DockerUnavailableException">The daemon cannot be reached.</exception>
    public async IAsyncEnumerable<DockerEvent> MonitorEventsAsync(EventsParameters? parameters = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        parameters ??= new EventsParameters();
        var filters = new Dictionary<string, IList<string>>
        {
            ["type"] = parameters.Types ?? [],
            ["event"] = parameters.Events ?? [],
            ["label"] = QueryString.LabelValues(parameters.LabelFilters),
        };
        var query = new QueryString();
        if (parameters.Since is { } since)
        {
            query.Add("since", since.ToUnixTimeSeconds());
        }

        query.AddFilters(filters);
        using var response = await _transport.SendStreamingAsync(HttpMethod.Get, "/events", query, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                throw new DockerUnavailableException(_transport.Endpoint.Display, ex);
            }

            if (line is null)
            {
                yield break;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var dockerEvent = JsonSerializer.Deserialize<DockerEvent>(line, DockerJson.Options);
            if (dockerEvent is not null)
            {
                yield return dockerEvent;
            }
        }
    }
}
