using NetAcademy.Docker.Models;
using NetAcademy.Docker.Transport;

namespace NetAcademy.Docker;

/// <summary>
/// Network calls of the Engine API. Daemon errors surface as <see cref="DockerNotFoundException"/>,
/// <see cref="DockerConflictException"/> or <see cref="DockerApiException"/>; an unreachable daemon as
/// <see cref="DockerUnavailableException"/>.
/// </summary>
public sealed class NetworkOperations
{
    private readonly DockerTransport _transport;

    internal NetworkOperations(DockerTransport transport) => _transport = transport;

    /// <summary>Creates a network.</summary>
    /// <exception cref="DockerConflictException">A network with that name exists.</exception>
    /// <exception cref="DockerApiException">The subnet overlaps another network, or other invalid settings.</exception>
    public Task<NetworksCreateResponse> CreateNetworkAsync(NetworksCreateParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameters.Name);
        return _transport.SendAsync<NetworksCreateResponse>(HttpMethod.Post, "/networks/create", null, parameters, cancellationToken);
    }

    /// <summary>Returns a network with its attached containers.</summary>
    /// <exception cref="DockerNotFoundException">No such network.</exception>
    public Task<NetworkResponse> InspectNetworkAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<NetworkResponse>(HttpMethod.Get, $"/networks/{Escape(id)}", null, null, cancellationToken);

    /// <summary>Lists networks matching all the given filters.</summary>
    public async Task<IList<NetworkResponse>> ListNetworksAsync(NetworksListParameters? parameters, CancellationToken cancellationToken = default)
    {
        parameters ??= new NetworksListParameters();
        var filters = new Dictionary<string, IList<string>>
        {
            ["label"] = QueryString.LabelValues(parameters.LabelFilters),
            ["name"] = parameters.NameFilters ?? [],
        };
        return await _transport.SendAsync<List<NetworkResponse>>(HttpMethod.Get, "/networks", new QueryString().AddFilters(filters), null, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Lists networks carrying the given labels (null value: any value).</summary>
    public Task<IList<NetworkResponse>> ListNetworksAsync(IDictionary<string, string?>? labelFilters = null, CancellationToken cancellationToken = default) =>
        ListNetworksAsync(new NetworksListParameters { LabelFilters = labelFilters ?? new Dictionary<string, string?>() }, cancellationToken);

    /// <summary>Removes a network.</summary>
    /// <exception cref="DockerNotFoundException">No such network.</exception>
    /// <exception cref="DockerConflictException">Containers are still attached (the daemon may also say 403).</exception>
    public Task RemoveNetworkAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(HttpMethod.Delete, $"/networks/{Escape(id)}", null, null, cancellationToken);

    /// <summary>Attaches a container to a network, optionally with a static address.</summary>
    /// <exception cref="DockerNotFoundException">No such network or container.</exception>
    public Task ConnectNetworkAsync(string networkId, NetworkConnectParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameters.Container);
        return _transport.SendAsync(HttpMethod.Post, $"/networks/{Escape(networkId)}/connect", null, parameters, cancellationToken);
    }

    /// <summary>Detaches a container from a network.</summary>
    /// <param name="networkId">Network id or name.</param>
    /// <param name="container">Container id or name.</param>
    /// <param name="force">Detach even if the container is not running.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="DockerNotFoundException">No such network or container.</exception>
    public Task DisconnectNetworkAsync(string networkId, string container, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        var body = new Dictionary<string, object> { ["Container"] = container, ["Force"] = force };
        return _transport.SendAsync(HttpMethod.Post, $"/networks/{Escape(networkId)}/disconnect", null, body, cancellationToken);
    }

    private static string Escape(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Uri.EscapeDataString(id);
    }
}
