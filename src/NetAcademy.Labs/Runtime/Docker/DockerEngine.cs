using Docker.DotNet;
using VersionResponse = Docker.DotNet.Models.VersionResponse;
using Docker.DotNet.X509;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>
/// The connection to one Docker engine, with the Engine API version negotiated on first use: the engine is asked
/// which versions it speaks (<c>GET /version</c>, which every engine serves unversioned), and the client is built for
/// the newest version both sides speak, or the one <see cref="DockerOptions.ApiVersion"/> pins. An engine that cannot
/// be reached is asked again on the next call; one that speaks no version we do is refused with both ranges named.
/// Thread-safe; one per process.
/// </summary>
public sealed partial class DockerEngine : IRuntimeStatusSource, IDisposable
{
    /// <summary>The backend's key for <c>Labs:Runtime</c>.</summary>
    public const string Backend = "docker";

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private readonly DockerOptions _options;
    private readonly ILogger<DockerEngine> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Negotiated? _negotiated;
    private string? _lastProblem;

    /// <summary>Creates the connection; nothing is sent before the first call.</summary>
    public DockerEngine(IOptions<DockerOptions> options, ILogger<DockerEngine> logger)
    {
        _options = options.Value;
        _logger = logger;
        Endpoint = _options.ResolveEndpoint();
    }

    /// <summary>The endpoint in use, e.g. <c>unix:///var/run/docker.sock</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The negotiated client.</summary>
    /// <exception cref="RuntimeUnavailableException">The engine cannot be reached, or speaks no API version the platform speaks.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async ValueTask<DockerClient> GetClientAsync(CancellationToken cancellationToken)
    {
        if (_negotiated is { } ready)
        {
            return ready.Client;
        }
        var (negotiated, problem) = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        return negotiated?.Client ?? throw new RuntimeUnavailableException(problem!);
    }

    /// <inheritdoc />
    public async Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var (negotiated, problem) = _negotiated is { } ready ? (ready, null) : await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        if (negotiated is null)
        {
            return new RuntimeStatus(Backend, Endpoint, false, problem, null, null, null, [], null);
        }
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(ConnectTimeout);
            var info = await negotiated.Client.System.GetSystemInfoAsync(bounded.Token).ConfigureAwait(false);
            return new RuntimeStatus(Backend, Endpoint, true, null, negotiated.EngineVersion, DockerApiVersions.Format(negotiated.Version),
                negotiated.EngineRange, info.SecurityOptions?.ToList() ?? [], info.KernelVersion);
        }
        catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
        {
            var error = DockerErrors.Translate(ex, Endpoint);
            return new RuntimeStatus(Backend, Endpoint, false, error.Message, negotiated.EngineVersion, DockerApiVersions.Format(negotiated.Version),
                negotiated.EngineRange, [], null);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _negotiated?.Client.Dispose();
        _gate.Dispose();
    }

    private async Task<(Negotiated? Negotiated, string? Problem)> NegotiateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_negotiated is { } ready)
            {
                return (ready, null);
            }
            var (negotiated, problem) = await TryNegotiateAsync(cancellationToken).ConfigureAwait(false);
            if (negotiated is not null)
            {
                _negotiated = negotiated;
                _lastProblem = null;
                LogNegotiated(_logger, Endpoint, negotiated.EngineVersion, DockerApiVersions.Format(negotiated.Version), negotiated.EngineRange);
            }
            else if (problem != _lastProblem)
            {
                // Once per distinct problem: a page that asks every second must not flood the log.
                _lastProblem = problem;
                LogUnavailable(_logger, problem!);
            }
            return (negotiated, problem);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(Negotiated?, string?)> TryNegotiateAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await NegotiateCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RuntimeUnavailableException ex)
        {
            return (null, ex.Message);
        }
    }

    private async Task<(Negotiated?, string?)> NegotiateCoreAsync(CancellationToken cancellationToken)
    {
        var configured = DockerApiVersions.Parse(_options.ApiVersion);
        if (!string.IsNullOrWhiteSpace(_options.ApiVersion) && configured is null)
        {
            return (null, $"Docker:ApiVersion '{_options.ApiVersion}' is not an Engine API version such as 1.45.");
        }
        DockerClient probe;
        try
        {
            probe = Build(null);
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException or IOException or DockerConfigurationException
                                       or System.Security.Cryptography.CryptographicException or NotSupportedException)
        {
            return (null, $"The container engine endpoint {Endpoint} cannot be used: {ex.Message}");
        }

        VersionResponse version;
        using (probe)
        {
            try
            {
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                bounded.CancelAfter(ConnectTimeout);
                version = await probe.System.GetVersionAsync(bounded.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
            {
                return (null, DockerErrors.Translate(ex, Endpoint).Message
                    + " Start the engine (deploy/ensure-docker.sh) or set Docker:Endpoint.");
            }
        }

        var engine = $"Docker {version.Version} at {Endpoint}";
        var maximum = DockerApiVersions.Parse(version.APIVersion);
        if (maximum is null)
        {
            return (null, $"{engine} reports no Engine API version ('{version.APIVersion}').");
        }
        // Engines before API 1.25 did not report a minimum; they serve everything down to 1.12.
        var minimum = DockerApiVersions.Parse(version.MinAPIVersion) ?? new Version(1, 12);
        var (chosen, problem) = DockerApiVersions.Choose(minimum, maximum, configured, engine);
        if (chosen is null)
        {
            return (null, problem);
        }
        var range = $"{DockerApiVersions.Format(minimum)}-{DockerApiVersions.Format(maximum)}";
        var client = Build(chosen);
        if (await CheckSandboxAsync(client, engine, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            client.Dispose();
            return (null, refused);
        }
        return (new Negotiated(client, chosen, version.Version, range), null);
    }

    /// <summary>
    /// Null when the engine keeps the sandbox's promises (root in a node is not root on the host); otherwise why not.
    /// Asked at negotiation and again before every lab start: an engine can be restarted with other settings while
    /// the server runs.
    /// </summary>
    /// <exception cref="RuntimeUnavailableException">The engine cannot be reached.</exception>
    public async Task<string?> CheckSandboxAsync(CancellationToken cancellationToken)
    {
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        return await CheckSandboxAsync(client, $"The container engine at {Endpoint}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> CheckSandboxAsync(DockerClient client, string engine, CancellationToken cancellationToken)
    {
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(ConnectTimeout);
            var info = await client.System.GetSystemInfoAsync(bounded.Token).ConfigureAwait(false);
            return DockerUserNamespaces.Problem(info.SecurityOptions ?? [], _options.AllowWithoutUsernsRemap, engine);
        }
        catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
        {
            throw DockerErrors.Translate(ex, Endpoint);
        }
    }

    private DockerClient Build(Version? apiVersion)
    {
        var builder = new DockerClientBuilder()
            .WithEndpoint(new Uri(Endpoint))
            .WithApiVersion(apiVersion)
            .WithTimeout(_options.RequestTimeout);
        if (Endpoint.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) && _options.ResolveTlsCertPath() is { } tls)
        {
            builder = builder.WithAuthProvider(DockerTlsCertificates.LoadFromDirectory(tls).CreateCredentials());
        }
        return builder.Build();
    }

    private sealed record Negotiated(DockerClient Client, Version Version, string EngineVersion, string EngineRange);

    [LoggerMessage(Level = LogLevel.Information, Message = "Container engine at {Endpoint}: Docker {EngineVersion}, speaking Engine API {ApiVersion} (the engine serves {EngineRange})")]
    private static partial void LogNegotiated(ILogger logger, string endpoint, string engineVersion, string apiVersion, string engineRange);

    [LoggerMessage(Level = LogLevel.Error, Message = "Labs are unavailable: {Problem}")]
    private static partial void LogUnavailable(ILogger logger, string problem);
}
