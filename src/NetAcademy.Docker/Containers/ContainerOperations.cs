using NetAcademy.Docker.Models;
using NetAcademy.Docker.Transport;

namespace NetAcademy.Docker;

/// <summary>
/// Container calls of the Engine API. Every method throws <see cref="DockerNotFoundException"/>,
/// <see cref="DockerConflictException"/> or <see cref="DockerApiException"/> for daemon errors,
/// <see cref="DockerUnavailableException"/> when the daemon cannot be reached and
/// <see cref="TimeoutException"/> past the client's request timeout.
/// </summary>
public sealed class ContainerOperations
{
    private readonly DockerTransport _transport;

    internal ContainerOperations(DockerTransport transport) => _transport = transport;

    /// <summary>Creates a container (does not start it).</summary>
    /// <exception cref="DockerNotFoundException">The image does not exist locally.</exception>
    /// <exception cref="DockerConflictException">The name is already in use.</exception>
    public Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (string.IsNullOrWhiteSpace(parameters.Image))
        {
            throw new ArgumentException("CreateContainerParameters.Image is required.", nameof(parameters));
        }

        var query = new QueryString().Add("name", parameters.Name);
        return _transport.SendAsync<CreateContainerResponse>(HttpMethod.Post, "/containers/create", query, parameters, cancellationToken);
    }

    /// <summary>Starts a container; starting a running container is not an error.</summary>
    /// <exception cref="DockerNotFoundException">No such container.</exception>
    public Task StartContainerAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/start", null, null, cancellationToken);

    /// <summary>Returns the full state and configuration of a container.</summary>
    /// <exception cref="DockerNotFoundException">No such container.</exception>
    public Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<ContainerInspectResponse>(HttpMethod.Get, $"/containers/{Escape(id)}/json", null, null, cancellationToken);

    /// <summary>Lists containers, filtered by labels (all must match).</summary>
    public Task<IList<ContainerListResponse>> ListContainersAsync(ContainersListParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        parameters ??= new ContainersListParameters();
        var filters = new Dictionary<string, IList<string>>
        {
            ["label"] = QueryString.LabelValues(parameters.LabelFilters),
            ["name"] = parameters.NameFilters ?? [],
        };
        var query = new QueryString().Add("all", parameters.All).AddFilters(filters);
        return ListAsync(query, cancellationToken);
    }

    /// <summary>
    /// Stops a container: SIGTERM (or the image's stop signal), then SIGKILL after <paramref name="wait"/>.
    /// Stopping a stopped container is not an error.
    /// </summary>
    /// <param name="id">Container id or name.</param>
    /// <param name="wait">Grace period before SIGKILL; null uses the daemon's default (10 s).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="DockerNotFoundException">No such container.</exception>
    public Task StopContainerAsync(string id, TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString();
        var grace = TimeSpan.FromSeconds(10);
        if (wait is { } w)
        {
            var seconds = (long)Math.Ceiling(Math.Max(0, w.TotalSeconds));
            query.Add("t", seconds);
            grace = TimeSpan.FromSeconds(seconds);
        }

        return _transport.SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/stop", query, null, cancellationToken, grace);
    }

    /// <summary>Sends a signal to the main process of a running container.</summary>
    /// <param name="id">Container id or name.</param>
    /// <param name="signal">Signal name or number, e.g. <c>SIGKILL</c> (the default) or <c>HUP</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="DockerNotFoundException">No such container.</exception>
    /// <exception cref="DockerConflictException">The container is not running.</exception>
    public Task KillContainerAsync(string id, string signal = "SIGKILL", CancellationToken cancellationToken = default) =>
        _transport.SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/kill", new QueryString().Add("signal", signal), null, cancellationToken);

    /// <summary>Removes a container and its anonymous volumes.</summary>
    /// <param name="id">Container id or name.</param>
    /// <param name="force">Kill it first if it runs.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="DockerNotFoundException">No such container.</exception>
    /// <exception cref="DockerConflictException">It runs and <paramref name="force"/> is false, or removal is already in progress.</exception>
    public Task RemoveContainerAsync(string id, bool force = false, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(HttpMethod.Delete, $"/containers/{Escape(id)}", new QueryString().Add("force", force).Add("v", true), null, cancellationToken);

    /// <summary>
    /// Unpacks a tar archive into a directory of the container (<c>PUT /containers/{id}/archive</c>).
    /// Ownership and modes come from the tar headers.
    /// </summary>
    /// <param name="id">Container id or name.</param>
    /// <param name="path">Existing directory in the container to extract into.</param>
    /// <param name="tar">Uncompressed (or gzip/bzip2/xz) tar stream; read to its end, not disposed.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <exception cref="DockerNotFoundException">No such container or directory.</exception>
    public Task ExtractArchiveToContainerAsync(string id, string path, Stream tar, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tar);
        var content = new StreamContent(new NonDisposingStream(tar));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        return _transport.SendContentAsync(HttpMethod.Put, $"/containers/{Escape(id)}/archive", new QueryString().Add("path", path), content, cancellationToken);
    }

    private async Task<IList<ContainerListResponse>> ListAsync(QueryString query, CancellationToken cancellationToken) =>
        await _transport.SendAsync<List<ContainerListResponse>>(HttpMethod.Get, "/containers/json", query, null, cancellationToken).ConfigureAwait(false);

    private static string Escape(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Uri.EscapeDataString(id);
    }
}
