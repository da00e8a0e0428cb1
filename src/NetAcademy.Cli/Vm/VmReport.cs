using System.Globalization;
using System.Text;

namespace NetAcademy.Cli.Vm;

/// <summary>
/// What <c>deploy/vm/vm.sh run</c> left in its folder about the VM: the kernel and accelerator (<c>vm.env</c>, written
/// by the host side) and the guest's milestones in seconds since it booted (<c>timings</c>: booted, engine, images,
/// labs). Missing files or lines leave the values null.
/// </summary>
/// <param name="Kernel">The guest's kernel version, e.g. "6.1.0-57-amd64".</param>
/// <param name="Accelerator">"kvm" or "tcg".</param>
/// <param name="SaveSeconds">Seconds the host took to save the labs' images.</param>
/// <param name="QemuSeconds">Seconds QEMU ran (the last boot, when a KVM boot was abandoned first).</param>
/// <param name="Milestones">Guest milestones and the guest's uptime at each, in the order reached.</param>
internal sealed record VmReport(string? Kernel, string? Accelerator, double? SaveSeconds, double? QemuSeconds, IReadOnlyList<(string Name, double Seconds)> Milestones)
{
    /// <summary>Reads the report from the run's folder.</summary>
    public static VmReport Read(string folder)
    {
        var env = ReadPairs(Path.Combine(folder, "vm.env"), '=');
        var milestones = ReadLines(Path.Combine(folder, "timings"))
            .Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2 && Number(p[1]) is not null)
            .Select(p => (p[0], Number(p[1])!.Value))
            .ToList();
        return new VmReport(env.GetValueOrDefault("kernel"), env.GetValueOrDefault("accel"),
            Number(env.GetValueOrDefault("save_seconds")), Number(env.GetValueOrDefault("vm_seconds")), milestones);
    }

    /// <summary>E.g. "Debian kernel 6.1.0-57-amd64, QEMU TCG".</summary>
    public string Describe() => $"Debian kernel {Kernel ?? "?"}, QEMU {(Accelerator ?? "?").ToUpperInvariant()}";

    /// <summary>
    /// One line with the wall time of each phase, e.g. "VM timings: images saved 4 s; booted 5.4 s, engine 25.9 s,
    /// images loaded 98.8 s, labs 218.0 s; QEMU 358 s; in all 362 s (QEMU TCG)".
    /// </summary>
    public string DescribeTimings(TimeSpan total)
    {
        var text = new StringBuilder("VM timings:");
        if (SaveSeconds is { } save)
        {
            text.Append(CultureInfo.InvariantCulture, $" images saved {save:0} s;");
        }

        var previous = 0.0;
        var phases = Milestones.Select(m =>
        {
            var phase = m.Name == "booted" ? m.Seconds : m.Seconds - previous;
            previous = m.Seconds;
            return string.Create(CultureInfo.InvariantCulture, $"{Phase(m.Name)} {phase:0.0} s");
        }).ToList();
        if (phases.Count > 0)
        {
            text.Append(' ').AppendJoin(", ", phases).Append(';');
        }

        if (QemuSeconds is { } qemu)
        {
            text.Append(CultureInfo.InvariantCulture, $" QEMU ran {qemu:0} s;");
        }

        text.Append(CultureInfo.InvariantCulture, $" in all {total.TotalSeconds:0} s ({Describe()})");
        return text.ToString();
    }

    private static string Phase(string milestone) => milestone switch
    {
        "booted" => "boot",
        "engine" => "engine start",
        "images" => "image load",
        "labs" => "lab test",
        _ => milestone,
    };

    private static Dictionary<string, string> ReadPairs(string path, char separator) =>
        ReadLines(path).Select(l => l.Split(separator, 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
