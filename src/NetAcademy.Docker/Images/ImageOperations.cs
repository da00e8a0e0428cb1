using NetAcademy.Docker.Models;
using NetAcademy.Docker.Transport;

namespace NetAcademy.Docker;

/// <summary>Image calls of the Engine API (read-only: this machine cannot pull).</summary>
public sealed class ImageOperations
{
    private readonly DockerTransport _transport;

    internal ImageOperations(DockerTransport transport) => _transport = transport;

    /// <summary>Returns an image by name (<c>repo:tag</c>) or id.</summary>
    /// <exception cref="DockerNotFoundException">No such image locally.</exception>
    /// <exception cref="DockerUnavailableException">The daemon cannot be reached.</exception>
    public Task<ImageInspectResponse> InspectImageAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        // Slashes and colons stay literal: the daemon's route takes the rest of the path as the name.
        var escaped = string.Join('/', name.Split('/').Select(part => Uri.EscapeDataString(part).Replace("%3A", ":", StringComparison.Ordinal)));
        return _transport.SendAsync<ImageInspectResponse>(HttpMethod.Get, $"/images/{escaped}/json", null, null, cancellationToken);
    }

    /// <summary>Lists the local images (not intermediate layers).</summary>
    /// <exception cref="DockerUnavailableException">The daemon cannot be reached.</exception>
    public async Task<IList<ImageListResponse>> ListImagesAsync(CancellationToken cancellationToken = default) =>
        await _transport.SendAsync<List<ImageListResponse>>(HttpMethod.Get, "/images/json", null, null, cancellationToken).ConfigureAwait(false);
}
