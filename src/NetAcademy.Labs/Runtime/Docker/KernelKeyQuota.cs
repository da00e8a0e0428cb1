using System.Globalization;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>
/// The kernel's key quota for a non-root user (<c>kernel.keys.maxkeys</c>, <c>maxbytes</c>). With userns-remap every
/// node's root is one unprivileged host user, and runc gives every container, and every program started in one
/// (terminal, capture, check), a session keyring charged to that user; once the quota is full the engine refuses
/// every new exec and node ("unable to create session key: disk quota exceeded"). The kernel's default, 200 keys,
/// is full at about 70 learners of a one-node lab. deploy/ensure-docker.sh raises it to <see cref="RecommendedKeys"/>
/// and <see cref="RecommendedBytes"/>; <c>netacademy doctor</c> checks it on a local engine's host.
/// </summary>
/// <param name="MaxKeys">Most keys a non-root user may hold.</param>
/// <param name="MaxBytes">Most bytes of key descriptions and payloads a non-root user may hold.</param>
public sealed record KernelKeyQuota(long MaxKeys, long MaxBytes)
{
    /// <summary>The keys deploy/ensure-docker.sh allows (KEYS_MAX there).</summary>
    public const long RecommendedKeys = 20_000;

    /// <summary>The bytes deploy/ensure-docker.sh allows (KEYS_MAX_BYTES there): 70 bytes a keyring ("_ses." and a container id).</summary>
    public const long RecommendedBytes = 2_000_000;

    /// <summary>True when the quota is at least what deploy/ensure-docker.sh sets.</summary>
    public bool IsEnough => MaxKeys >= RecommendedKeys && MaxBytes >= RecommendedBytes;

    /// <summary>The quota of this host, or null where the kernel does not say (no keys support, no /proc).</summary>
    /// <param name="directory">Where the kernel's key settings are; the host's by default.</param>
    public static KernelKeyQuota? Read(string directory = "/proc/sys/kernel/keys")
    {
        try
        {
            return long.TryParse(File.ReadAllText(Path.Combine(directory, "maxkeys")).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var keys)
                && long.TryParse(File.ReadAllText(Path.Combine(directory, "maxbytes")).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                ? new KernelKeyQuota(keys, bytes)
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
