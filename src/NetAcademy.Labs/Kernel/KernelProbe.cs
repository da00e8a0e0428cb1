using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Labs;
using NetAcademy.Docker;
using NetAcademy.Docker.Models;
using NetAcademy.Labs.Runtime;

namespace NetAcademy.Labs.Kernel;

/// <summary>
/// Finds out which <see cref="KernelFeature"/>s the host kernel gives lab nodes, by trying each one in a
/// throwaway container confined like a lab node (NET_ADMIN and NET_RAW only, no-new-privileges, no
/// network, <c>/dev/net/tun</c>). Asking the kernel beats reading module lists: a module that is built
/// but not loaded cannot be loaded from a container, and a loaded one can still be refused by the
/// sandbox. The container carries the instance's labels and a <c>probe-</c> session label so any
/// cleanup by label finds it, and it is always removed.
/// </summary>
public sealed partial class KernelProbe
{
    /// <summary>Image recipe the probe runs in.</summary>
    public const string ProbeImage = "base";

    /// <summary>Prefix of the probe container's <c>netacademy.session</c> label.</summary>
    public const string SessionPrefix = "probe-";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);
    private readonly DockerClient _docker;
    private readonly LabsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<KernelProbe> _logger;

    /// <summary>Creates the probe.</summary>
    public KernelProbe(DockerClient docker, IOptions<LabsOptions> options, TimeProvider time, ILogger<KernelProbe> logger)
    {
        _docker = docker;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Runs every check. Never throws for an unreachable engine or a missing image: the report then says
    /// so for every feature and has <see cref="KernelReport.Complete"/> false.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<KernelReport> ProbeAsync(CancellationToken cancellationToken)
    {
        var image = string.Format(CultureInfo.InvariantCulture, _options.ImageFormat, ProbeImage);
        string? container = null;
        try
        {
            await RemoveStaleProbesAsync(cancellationToken);
            try
            {
                await _docker.Images.InspectImageAsync(image, cancellationToken);
            }
            catch (DockerNotFoundException)
            {
                return KernelReport.Failed($"the probe image {image} is not built (run deploy/build-images.sh)", _time.GetUtcNow());
            }

            string? tunProblem = null;
            try
            {
                container = await CreateAsync(image, withTun: true, cancellationToken);
            }
            catch (DockerApiException ex) when (ex is not DockerNotFoundException)
            {
                // Most likely the host has no /dev/net/tun; probe the rest without it.
                tunProblem = $"the engine could not give a container /dev/net/tun: {ex.DaemonMessage}";
                container = await CreateAsync(image, withTun: false, cancellationToken);
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
        catch (DockerUnavailableException ex)
        {
            return KernelReport.Failed($"the container engine cannot be reached ({ex.Message})", _time.GetUtcNow());
        }
        catch (DockerApiException ex)
        {
            return KernelReport.Failed($"the probe container could not run: {ex.DaemonMessage}", _time.GetUtcNow());
        }
        finally
        {
            if (container is not null)
            {
                await RemoveAsync(container);
            }
        }
    }

    // Create and start are not cancelled by the caller: a request abandoned mid-way can still create the
    // container after we looked for it to remove it. They are short; the caller's token is honoured right
    // after. The bounded sleep with AutoRemove ends the container even if this process dies.
    private async Task<string> CreateAsync(string image, bool withTun, CancellationToken cancellationToken)
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = bounded.Token;
        var suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var name = $"na-{SessionPrefix}{_options.Instance}-{suffix}";
        try
        {
            await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = name,
                Image = image,
                Cmd = ["sleep", "120"],
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
            await _docker.Containers.StartContainerAsync(name, ct);
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch
        {
            await RemoveAsync(name);
            throw;
        }
        return name;
    }

    private async Task<KernelFeatureStatus> CheckAsync(string container, KernelFeature feature, CancellationToken ct)
    {
        var check = KernelChecks.For(feature);
        var result = await _docker.Exec.RunAsync(container, ["sh", "-c", check.Script], CheckTimeout, ct, maxOutputBytes: 16 * 1024);
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
    private async Task RemoveStaleProbesAsync(CancellationToken ct)
    {
        var filter = new Dictionary<string, string?>
        {
            [$"{LabLabels.Project}=netacademy"] = null,
            [$"{LabLabels.Instance}={_options.Instance}"] = null,
        };
        var containers = await _docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, LabelFilters = filter }, ct);
        foreach (var stale in containers.Where(c => c.Labels.TryGetValue(LabLabels.Session, out var s) && s.StartsWith(SessionPrefix, StringComparison.Ordinal)))
        {
            await RemoveAsync(stale.ID);
        }
    }

    private async Task RemoveAsync(string container)
    {
        // A fresh token: the probe's own may be the reason we are here.
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _docker.Containers.RemoveContainerAsync(container, force: true, cleanup.Token);
        }
        catch (DockerNotFoundException)
        {
            // Never created, or already gone (AutoRemove).
        }
        catch (DockerConflictException)
        {
            // Removal already in progress (AutoRemove raced us).
        }
        catch (Exception ex) when (ex is DockerApiException or DockerUnavailableException or OperationCanceledException)
        {
            LogRemoveFailed(_logger, container, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kernel probe: available {Available}; missing {Missing}")]
    private static partial void LogProbed(ILogger logger, string available, string missing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove kernel probe container {Container}: {Reason}")]
    private static partial void LogRemoveFailed(ILogger logger, string container, string reason);
}
