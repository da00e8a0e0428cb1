using System.Globalization;
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("NetAcademy.Labs.Tests")]

namespace NetAcademy.Labs.Capture;

/// <summary>
/// The argv of the programs a capture runs in a node. Every learner-supplied value is one argv element
/// (the filter after <c>--</c>, so it cannot be read as an option); nothing goes through a shell's parser.
/// </summary>
internal static class CaptureCommands
{
    /// <summary>Stderr line prefix with which the wrapper reports the capture program's PID.</summary>
    public const string PidPrefix = "netacademy-capture-pid ";

    /// <summary>The program a capture's PID must belong to before it is killed (the PID is that of <c>timeout</c>).</summary>
    public const string KillableName = "timeout";

    /// <summary>
    /// Prints the shell's PID and replaces itself by the command given as arguments: after the execs the PID is
    /// that of <c>timeout</c>, which passes a TERM on to the capture program. The command is in "$@", never parsed.
    /// </summary>
    private const string PidWrapper = "echo \"" + PidPrefix + "$$\" >&2; exec \"$@\"";

    /// <summary><c>tcpdump -U -w -</c> writing pcap to stdout, ended by <c>timeout</c> after the maximum duration.</summary>
    public static IReadOnlyList<string> Tcpdump(string? netns, string iface, string? filter, int snapLength, TimeSpan maxDuration) =>
        Wrap(netns, maxDuration, ["/usr/bin/tcpdump", "-Z", "root", "-U", "-w", "-", "-i", iface, "-s", Number(snapLength), .. FilterArgs(filter)]);

    /// <summary><c>tcpdump -ddd</c>: checks the interface and the filter and prints the compiled BPF program.</summary>
    public static IReadOnlyList<string> Compile(string? netns, string iface, string? filter, int snapLength) =>
        [.. Netns(netns), "/usr/bin/tcpdump", "-ddd", "-i", iface, "-s", Number(snapLength), .. FilterArgs(filter)];

    /// <summary>The packet-socket helper with a compiled BPF program (from <see cref="ParseBpf"/>).</summary>
    public static IReadOnlyList<string> PacketSocket(string? netns, string iface, string bpf, int snapLength, TimeSpan maxDuration) =>
        Wrap(netns, maxDuration, ["python3", "-c", PacketSocketScript.Source, iface, Number(snapLength), bpf]);

    /// <summary>Kills the capture with that PID, but only while the PID still belongs to a <c>timeout</c> process.</summary>
    public static IReadOnlyList<string> Kill(int pid) =>
        ["sh", "-c", "[ \"$(cat /proc/$1/comm 2>/dev/null)\" = " + KillableName + " ] && kill -TERM \"$1\"", "sh", Number(pid)];

    /// <summary>
    /// Turns <c>tcpdump -ddd</c> output (a count line, then one "code jt jf k" line per instruction) into the
    /// helper's argument form "code jt jf k,code jt jf k,...".
    /// </summary>
    /// <exception cref="FormatException">The output is not a BPF program.</exception>
    public static string ParseBpf(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2 || !int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1 || count > 4096 || lines.Length != count + 1)
        {
            throw new FormatException("tcpdump -ddd printed no BPF program.");
        }
        var instructions = new List<string>(count);
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 4 || !parts.All(p => uint.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                throw new FormatException($"tcpdump -ddd printed an unexpected line: {line}");
            }
            instructions.Add(string.Join(' ', parts));
        }
        return string.Join(',', instructions);
    }

    private static IReadOnlyList<string> Wrap(string? netns, TimeSpan maxDuration, IReadOnlyList<string> program) =>
        ["sh", "-c", PidWrapper, "sh", .. Netns(netns), "timeout", "-s", "TERM", Number((int)Math.Ceiling(maxDuration.TotalSeconds)), .. program];

    private static IReadOnlyList<string> Netns(string? netns) =>
        netns is null ? [] : ["nsenter", $"--net=/run/netns/{netns}"];

    private static IReadOnlyList<string> FilterArgs(string? filter) => filter is null ? [] : ["--", filter];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
