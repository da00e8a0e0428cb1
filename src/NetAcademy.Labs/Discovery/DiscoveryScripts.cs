namespace NetAcademy.Labs.Discovery;

/// <summary>
/// The constant shell scripts one discovery pass runs in a node, and the reader of their sectioned output.
/// Nothing from a request is spliced into a script: namespace names (read from the kernel and validated with
/// <c>NetnsName.IsValid</c>) are passed as positional arguments (<c>sh -c SCRIPT sh NAME...</c>).
/// Namespaces are entered with <c>nsenter --net=/run/netns/NAME</c>, not <c>ip netns exec</c>: in a
/// user-namespaced container with masked /sys paths the latter fails remounting /sys.
/// </summary>
internal static class DiscoveryScripts
{
    public const string Marker = "@@netacademy:";

    /// <summary>Dumps the node's own namespace and lists the named ones.</summary>
    public const string Root = """
        s() { printf '\n@@netacademy:%s\n' "$1"; }
        s link; ip -j -d link show
        s addr; ip -j addr show
        s route; ip -j route show
        s route6; ip -j -6 route show
        s bridge; bridge -j link show 2>/dev/null
        s bridge-vlan; bridge -j vlan show 2>/dev/null
        s netns-ids; ip -j netns list-id 2>/dev/null
        s netns; ip netns list 2>/dev/null
        s end
        """;

    /// <summary>Dumps every namespace named in the positional arguments.</summary>
    public const string Namespaces = """
        s() { printf '\n@@netacademy:%s:%s\n' "$ns" "$1"; }
        n() { nsenter --net="/run/netns/$ns" "$@"; }
        for ns in "$@"; do
          s link; n ip -j -d link show
          s addr; n ip -j addr show
          s route; n ip -j route show
          s route6; n ip -j -6 route show
          s bridge; n bridge -j link show 2>/dev/null
          s bridge-vlan; n bridge -j vlan show 2>/dev/null
          s netns-ids; n ip -j netns list-id 2>/dev/null
          s end
        done
        """;

    /// <summary>
    /// Watches one namespace for netlink changes: <c>ip monitor link address route</c>, in the node's own namespace
    /// (no argument) or in the named one given as <c>$1</c>. Only the monitor enters the namespace; the shell stays
    /// outside, so it can notice when the name is deleted (or re-created) and end the monitor, which would otherwise
    /// keep the namespace, and every interface in it, alive. The exec's stdin is the leash: when the platform closes
    /// it (the Engine API cannot signal an exec), the monitor is killed, so no process outlives its watcher. A background
    /// job's stdin is /dev/null in sh, hence the copy on fd 3.
    /// </summary>
    public const string Monitor = """
        ns="$1"
        exec 3<&0
        if [ -n "$ns" ]; then
          ino=$(stat -L -c %i "/run/netns/$ns") || exit 3
          nsenter --net="/run/netns/$ns" ip monitor link address route </dev/null &
          m=$!
          ( while [ "$(stat -L -c %i "/run/netns/$ns" 2>/dev/null)" = "$ino" ] && kill -0 "$m" 2>/dev/null; do sleep 0.3; done
            kill "$m" 2>/dev/null ) >/dev/null 2>&1 3<&- &
        else
          ip monitor link address route </dev/null &
          m=$!
        fi
        ( cat <&3 >/dev/null; kill "$m" 2>/dev/null ) >/dev/null 2>&1 &
        exec 3<&-
        wait "$m"
        """;

    /// <summary>Splits output into sections by marker line; the key is the text after the marker (<c>link</c> or <c>red:link</c>).</summary>
    public static Dictionary<string, string> Sections(string output)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string? key = null;
        var body = new System.Text.StringBuilder();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                if (key is not null)
                {
                    sections[key] = body.ToString();
                }

                key = line[Marker.Length..].TrimEnd('\r');
                body.Clear();
            }
            else if (key is not null)
            {
                body.Append(line).Append('\n');
            }
        }

        if (key is not null)
        {
            sections[key] = body.ToString();
        }

        return sections;
    }

    /// <summary>Names from <c>ip netns list</c> (<c>red (id: 1)</c> or just <c>red</c> per line).</summary>
    public static List<string> NetnsNames(string? listing) =>
        (listing ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2)[0])
            .Where(name => name.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
