using System.Security.Cryptography;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>Draws /26 blocks from a larger IPv4 block for the engine's side of lab networks.</summary>
public static class NetworkPool
{
    /// <summary>Prefix length of one drawn block: 64 addresses, room for 61 nodes on one lab network.</summary>
    public const int BlockPrefix = 26;

    /// <summary>A random /26 inside <paramref name="pool"/> (CIDR), e.g. "100.71.12.64/26".</summary>
    /// <exception cref="ArgumentException">The pool is not an IPv4 CIDR of /26 or larger.</exception>
    public static string RandomBlock(string pool)
    {
        var (network, prefix) = Ipv4.ParseCidr(pool);
        if (prefix is < 8 or > BlockPrefix)
        {
            throw new ArgumentException($"The network pool '{pool}' must be an IPv4 block between /8 and /{BlockPrefix}.", nameof(pool));
        }
        var blocks = 1u << (BlockPrefix - prefix);
        var offset = (uint)RandomNumberGenerator.GetInt32((int)Math.Min(blocks, int.MaxValue)) << (32 - BlockPrefix);
        return $"{Ipv4.Format(network + offset)}/{BlockPrefix}";
    }
}
