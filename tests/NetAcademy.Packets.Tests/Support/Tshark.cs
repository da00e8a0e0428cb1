using System.Diagnostics;

namespace NetAcademy.Packets.Tests.Support;

/// <summary>Runs the real tshark as the oracle for decoded fields.</summary>
internal static class Tshark
{
    private static readonly string[] Candidates = ["/usr/bin/tshark", "/usr/local/bin/tshark"];

    /// <summary>Returns one row per packet, one value per field ("" when the packet lacks it).</summary>
    public static async Task<List<string[]>> FieldsAsync(string capturePath, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        var executable = Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("tshark is required by the oracle tests but was not found; install it (apt-get install tshark) and run the tests again.");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-r", capturePath, "-n",
                     // Fragments are decoded on their own, as our decoder does, not reassembled.
                     "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
                     "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var field in fields)
        {
            start.ArgumentList.Add("-e");
            start.ArgumentList.Add(field);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tshark failed with exit code {process.ExitCode}: {await error}");
        }

        return (await output)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToList();
    }
}
