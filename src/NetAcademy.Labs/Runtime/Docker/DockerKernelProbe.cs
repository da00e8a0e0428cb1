using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Kernel;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>
/// Finds out which <see cref="KernelFeature"/>s the host kernel gives lab nodes, by trying each one in a
/// throwaway container confined like a lab node (NET_ADMIN and NET_RAW only, no-new-privileges, no
/// network, <c>/dev/net/tun</c>). Asking the kernel beats reading module lists: a module that is built
/// but not loaded cannot be loaded from a container, and a loaded one can still be refused by the
/// sandbox. The container carries the instance's labels and a <c>probe-</c> session label so any
/// cleanup by label finds it, and it is always removed.
/// </summary>
public sealed partial class DockerKernelProbe : IKernelProbe, IAsyncDisposable
{
    /// <summary>Image recipe the probe runs in.</summary>
    public const string ProbeImage = "base";

    /// <summary>Prefix of the probe container's <c>netacademy.session</c> label.</summary>
    public const string SessionPrefix = "probe-";

    // Generous for a check that takes milliseconds on a host: in the emulated VM of `lab test --vm` one exec can take
    // seconds. Only a hung check ever waits this long.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(30);
    private readonly DockerEngine _engine;
    private readonly DockerExec _exec;
    private readonly LabsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DockerKernelProbe> _logger;
    private readonly CancellationTokenSource _disposing = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task<KernelReport>, byte> _running = new();

    /// <summary>Creates the probe.</summary>
    public DockerKernelProbe(DockerEngine engine, IOptions<LabsOptions> options, TimeProvider time, ILogger<DockerKernelProbe> logger)
    {
        _engine = engine;
        _exec = new DockerExec(engine);
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<KernelReport> ProbeAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        var probe = ProbeCoreAsync(linked.Token);
        _running.TryAdd(probe, 0);
        try
        {
            return await probe;
        }
        finally
        {
            _running.TryRemove(probe, out _);
        }
    }

    /// <summary>
    /// Ends the probes still running and waits for them to remove their containers. The server stopping (or a test host
    /// disposed) mid-probe would otherwise dispose the engine's client between create and start, and leave a created,
    /// never-started container that nothing removes. Disposed before the engine, which it depends on.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or LabRuntimeException or DockerApiException)
        {
        }
        _disposing.Dispose();
    }

    private async Task<KernelReport> ProbeCoreAsync(CancellationToken cancellationToken)
    {
        var image = string.Format(CultureInfo.InvariantCulture, _options.ImageFormat, ProbeImage);
        string? container = null;
        DockerClient? docker = null;
        try
        {
            docker = await _engine.GetClientAsync(cancellationToken);
            await RemoveStaleProbesAsync(docker, cancellationToken);
            try
            {
                await docker.Images.InspectImageAsync(image, cancellationToken);
            }
            catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return KernelReport.Failed($"the probe image {image} is not built (run deploy/build-images.sh)", _time.GetUtcNow());
            }

            string? tunProblem = null;
            try
            {
                container = await CreateAsync(docker, image, withTun: true, cancellationToken);
            }
            catch (DockerApiException ex) when (ex.StatusCode != HttpStatusCode.NotFound)
            {
                // Most likely the host has no /dev/net/tun; probe the rest without it.
                tunProblem = $"the engine could not give a container /dev/net/tun: {DockerErrors.Message(ex)}";
                container = await CreateAsync(docker, image, withTun: false, cancellationToken);
            }

            var results = new List<KernelFeatureStatus>();
            foreach (var feature in Enum.GetValues<KernelFeature>())
            {
                if (feature == KernelFeature.Tun && tunProblem is not null)
                {
                    results.Add(new KernelFeatureStatus(feature, false, tunProblem));
                    continue;
                }
                results.Add(await CheckAsync(container, feature, cancellationToken));
            }
            var report = new KernelReport(results, _time.GetUtcNow(), complete: true);
            LogProbed(_logger, string.Join(", ", report.Features.Where(f => f.Available).Select(f => KernelChecks.Name(f.Feature))),
                string.Join(", ", report.Features.Where(f => !f.Available).Select(f => KernelChecks.Name(f.Feature))));
            return report;
        }
        catch (RuntimeUnavailableException ex)
        {
            return KernelReport.Failed(ex.Message, _time.GetUtcNow());
        }
        catch (LabRuntimeException ex)
        {
            return KernelReport.Failed($"the probe container could not run: {ex.Message}", _time.GetUtcNow());
        }
        catch (DockerApiException ex)
        {
            return KernelReport.Failed($"the probe container could not run: {DockerErrors.Message(ex)}", _time.GetUtcNow());
        }
        catch (Exception ex) when (DockerErrors.IsEngineFailure(ex, cancellationToken))
        {
            return KernelReport.Failed(DockerErrors.Translate(ex, _engine.Endpoint).Message, _time.GetUtcNow());
        }
        finally
        {
            if (container is not null && docker is not null)
            {
                await RemoveAsync(docker, container);
            }
        }
    }

    // Create and start are not cancelled by the caller: a request abandoned mid-way can still create the
    // container after we looked for it to remove it. They are short; the caller's token is honoured right
    // after. The bounded sleep with AutoRemove ends the container even if this process dies.
    private async Task<string> CreateAsync(DockerClient docker, string image, bool withTun, CancellationToken cancellationToken)
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = bounded.Token;
        var suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var name = $"na-{SessionPrefix}{_options.Instance}-{suffix}";
        try
        {
            await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = name,
                Image = image,
                Cmd = ["sleep", "900"],
                Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [LabLabels.Project] = "netacademy",
                    [LabLabels.Instance] = _options.Instance,
                    [LabLabels.Session] = SessionPrefix + suffix,
                },
                HostConfig = new HostConfig
                {
                    CapDrop = ["ALL"],
                    CapAdd = ["NET_ADMIN", "NET_RAW"],
                    SecurityOpt = ["no-new-privileges"],
                    NetworkMode = "none",
                    Init = true,
                    AutoRemove = true,
                    Memory = 64L * 1024 * 1024,
                    MemorySwap = 64L * 1024 * 1024,
                    PidsLimit = 64,
                    Devices = withTun
                        ? [new DeviceMapping { PathOnHost = "/dev/net/tun", PathInContainer = "/dev/net/tun", CgroupPermissions = "rwm" }]
                        : [],
                },
            }, ct);
            await docker.Containers.StartContainerAsync(name, new ContainerStartParameters(), ct);
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch
        {
            await RemoveAsync(docker, name);
            throw;
        }
        return name;
    }

    private async Task<KernelFeatureStatus> CheckAsync(string container, KernelFeature feature, CancellationToken ct)
    {
        var check = KernelChecks.For(feature);
        var result = await _exec.RunAsync(container, "kernel probe", ["sh", "-c", check.Script], null, CheckTimeout, 16 * 1024, ct);
        if (result.Truncated)
        {
            return new KernelFeatureStatus(feature, false, $"`{check.Command}` printed more than 16 KiB; the probe stopped reading it");
        }
        if (result.TimedOut)
        {
            return new KernelFeatureStatus(feature, false, $"`{check.Command}` did not finish within {CheckTimeout.TotalSeconds:0} s");
        }
        if (result.ExitCode == 0)
        {
            return new KernelFeatureStatus(feature, true, $"`{check.Command}` works");
        }
        var said = FirstLine(result.Stderr) ?? FirstLine(result.Stdout) ?? $"exit code {result.ExitCode}";
        return new KernelFeatureStatus(feature, false, $"`{check.Command}` failed: {said}");
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    // A probe interrupted by a crash leaves its container behind; the next probe of the instance removes it.
    private async Task RemoveStaleProbesAsync(DockerClient docker, CancellationToken ct)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool>
            {
                [$"{LabLabels.Project}=netacademy"] = true,
                [$"{LabLabels.Instance}={_options.Instance}"] = true,
            },
        };
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, ct);
        foreach (var stale in containers.Where(c => c.Labels is not null && c.Labels.TryGetValue(LabLabels.Session, out var s) && s.StartsWith(SessionPrefix, StringComparison.Ordinal)))
        {
            await RemoveAsync(docker, stale.ID);
        }
    }

    private async Task RemoveAsync(DockerClient docker, string container)
    {
        // A fresh token: the probe's own may be the reason we are here.
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await docker.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true }, cleanup.Token);
        }
        catch (DockerApiException ex) when (DockerErrors.IsNotRunning(ex))
        {
            // Never created, already gone (AutoRemove), or its removal is in progress (AutoRemove raced us).
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or OperationCanceledException)
        {
            LogRemoveFailed(_logger, container, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kernel probe: available {Available}; missing {Missing}")]
    private static partial void LogProbed(ILogger logger, string available, string missing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove kernel probe container {Container}: {Reason}")]
    private static partial void LogRemoveFailed(ILogger logger, string container, string reason);
}
