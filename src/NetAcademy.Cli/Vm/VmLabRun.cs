using System.Diagnostics;
using System.Globalization;
using System.Xml;
using NetAcademy.Core.Labs;
using NetAcademy.Grading.Testing;

namespace NetAcademy.Cli.Vm;

/// <summary>
/// Runs labs in the throwaway QEMU VM of <c>deploy/vm/vm.sh</c> (Debian's kernel, this host's root file system
/// shared read-only, a Docker engine started inside as on a host) and takes their results back: the script saves
/// the labs' images into a temp folder shared with the guest, the guest runs this same build's <c>lab test</c> and
/// writes its JUnit there. The console of the VM is copied to <c>output</c> line by line, prefixed <c>vm: </c>.
/// The temp folder is removed and no QEMU process is left, also on failure or cancellation (the script's process
/// tree is killed; the script itself ties QEMU's life to its own).
/// </summary>
internal static class VmLabRun
{
    /// <summary>Prefix of every line copied from the VM's console.</summary>
    public const string Prefix = "vm: ";

    /// <summary>Tests <paramref name="labs"/> in one VM; every lab gets a result, failed when the VM did not report one.</summary>
    /// <param name="repo">Repository root (holds deploy/vm/vm.sh and the build the guest runs).</param>
    /// <param name="labs">The labs, at least one.</param>
    /// <param name="imageFormat">How an image recipe name becomes an image reference (<c>Labs:ImageFormat</c>).</param>
    /// <param name="output">Receives the VM's console and a timing line.</param>
    /// <param name="cancellationToken">Stops the VM.</param>
    /// <exception cref="OperationCanceledException">The run was cancelled (the VM is stopped first).</exception>
    public static async Task<IReadOnlyList<LabTestResult>> RunAsync(string repo, IReadOnlyList<Lab> labs, string imageFormat, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(labs.Count);
        var watch = Stopwatch.StartNew();
        var script = Path.Combine(repo, "deploy", "vm", "vm.sh");
        if (!File.Exists(script))
        {
            return Failed(labs, $"the VM cannot start: {script} is missing", null, watch.Elapsed);
        }

        var work = Directory.CreateTempSubdirectory("netacademy-vm-");
        try
        {
            var (exitCode, lastLines) = await RunScriptAsync(script, work.FullName, labs, imageFormat, output, cancellationToken);
            var vm = VmReport.Read(work.FullName);
            await output.WriteLineAsync(Prefix + vm.DescribeTimings(watch.Elapsed));
            var ranOn = vm.Kernel is null ? "in a VM" : $"in a VM ({vm.Describe()})";
            var junit = Path.Combine(work.FullName, "labs.xml");
            IReadOnlyList<LabTestResult> reported = [];
            string? unreadable = null;
            if (File.Exists(junit))
            {
                try
                {
                    reported = JUnitReader.ReadFile(junit);
                }
                catch (Exception e) when (e is XmlException or FormatException or IOException)
                {
                    unreadable = $"the VM's JUnit could not be read: {e.Message}";
                }
            }

            var why = unreadable ?? $"the VM ended (exit code {exitCode}) without a result for this lab";
            return labs.Select(lab => reported.FirstOrDefault(r => r.Lab == lab.Id) is { } result
                    ? result with { RanOn = ranOn }
                    : Failed(lab, why, lastLines, watch.Elapsed) with { RanOn = ranOn })
                .ToList();
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"netacademy lab test: could not remove the VM's folder {work.FullName}: {e.Message}");
            }
        }
    }

    /// <summary>Runs <c>vm.sh run</c>; returns its exit code and the last lines of its output (for a failure's detail).</summary>
    private static async Task<(int ExitCode, string LastLines)> RunScriptAsync(string script, string work, IReadOnlyList<Lab> labs, string imageFormat,
        TextWriter output, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(work);
        // The probe image, and every image a node of these labs starts from.
        foreach (var image in labs.SelectMany(l => l.Nodes).Select(n => n.Image).Append("base").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            start.ArgumentList.Add("--image");
            start.ArgumentList.Add(string.Format(CultureInfo.InvariantCulture, imageFormat, image));
        }

        start.ArgumentList.Add("--");
        foreach (var lab in labs)
        {
            start.ArgumentList.Add(lab.Id.Value);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        process.StandardInput.Close();
        var tail = new Queue<string>();
        var gate = new Lock();
        async Task CopyAsync(StreamReader from)
        {
            while (await from.ReadLineAsync(CancellationToken.None) is { } line)
            {
                lock (gate)
                {
                    output.WriteLine(Prefix + line);
                    output.Flush();
                    tail.Enqueue(line);
                    if (tail.Count > 20)
                    {
                        tail.Dequeue();
                    }
                }
            }
        }

        var copies = Task.WhenAll(CopyAsync(process.StandardOutput), CopyAsync(process.StandardError));
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or a timeout of the caller: the VM goes now, not when the guest finishes.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            await copies;
        }

        lock (gate)
        {
            return (process.ExitCode, string.Join('\n', tail));
        }
    }

    private static LabTestResult[] Failed(IReadOnlyList<Lab> labs, string why, string? detail, TimeSpan elapsed) =>
        labs.Select(l => Failed(l, why, detail, elapsed)).ToArray();

    private static LabTestResult Failed(Lab lab, string why, string? detail, TimeSpan elapsed) =>
        new(lab.Id, [new LabTestCase("starts", LabTestOutcome.Failed, why, detail, elapsed)], null, elapsed);
}
