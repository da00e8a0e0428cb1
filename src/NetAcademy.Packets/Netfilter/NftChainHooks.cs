using System.Text.Json;

namespace NetAcademy.Packets.Netfilter;

/// <summary>
/// Which hook each base chain of a node sits at, read from <c>nft -j list chains</c> (trace lines name the chain, not
/// the hook). Untrusted input: at most <see cref="MaxChains"/> chains are kept and anything that is not a chain
/// object is passed over.
/// </summary>
public sealed class NftChainHooks
{
    /// <summary>Chains kept at most.</summary>
    public const int MaxChains = 4096;

    private readonly Dictionary<(string Family, string Table, string Chain), string> _hooks;

    private NftChainHooks(Dictionary<(string, string, string), string> hooks) => _hooks = hooks;

    /// <summary>No chains known.</summary>
    public static NftChainHooks Empty { get; } = new([]);

    /// <summary>The number of base chains known.</summary>
    public int Count => _hooks.Count;

    /// <summary>The hook of a base chain, or null for a regular chain or one not known.</summary>
    public string? HookOf(string family, string table, string chain) =>
        _hooks.TryGetValue((family, table, chain), out var hook) ? hook : null;

    /// <summary>Reads <c>nft -j list chains</c>; output that is not that JSON gives <see cref="Empty"/>.</summary>
    /// <param name="json">The output.</param>
    public static NftChainHooks Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("nftables", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                return Empty;
            }

            var hooks = new Dictionary<(string, string, string), string>();
            foreach (var item in items.EnumerateArray())
            {
                if (hooks.Count >= MaxChains)
                {
                    break;
                }

                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("chain", out var chain) && chain.ValueKind == JsonValueKind.Object
                    && Text(chain, "family") is { } family && Text(chain, "table") is { } table && Text(chain, "name") is { } name
                    && Text(chain, "hook") is { } hook)
                {
                    hooks.TryAdd((family, table, name), hook);
                }
            }

            return new NftChainHooks(hooks);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 256 } text
            ? text
            : null;
}
