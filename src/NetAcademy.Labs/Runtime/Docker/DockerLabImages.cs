using System.Globalization;
using System.Net;
using Docker.DotNet;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary><see cref="ILabImages"/> on the Docker engine: images named by <see cref="LabsOptions.ImageFormat"/>.</summary>
public sealed class DockerLabImages : ILabImages
{
    private readonly DockerEngine _engine;
    private readonly LabsOptions _options;

    /// <summary>Creates the catalog.</summary>
    public DockerLabImages(DockerEngine engine, IOptions<LabsOptions> options)
    {
        _engine = engine;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async Task<LabImageInfo?> FindAsync(string recipe, CancellationToken cancellationToken)
    {
        var reference = string.Format(CultureInfo.InvariantCulture, _options.ImageFormat, recipe);
        var docker = await _engine.GetClientAsync(cancellationToken);
        try
        {
            var image = await docker.Images.InspectImageAsync(reference, cancellationToken);
            var labels = image.Config?.Labels;
            return new LabImageInfo(reference, labels is not null && labels.TryGetValue("netacademy.recipe", out var hash) ? hash : null,
                image.Created is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : DateTimeOffset.UnixEpoch, image.Size,
                DockerLabRuntime.CanFillWritableFolders(labels));
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
        {
            throw DockerErrors.Translate(ex, _engine.Endpoint);
        }
    }
}
