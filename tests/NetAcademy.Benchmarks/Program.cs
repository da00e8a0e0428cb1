using NetAcademy.Benchmarks.Churn;
using NetAcademy.Benchmarks.Classroom;
using NetAcademy.Benchmarks.LabStart;
using NetAcademy.Benchmarks.LessonPages;
using NetAcademy.Benchmarks.PacketDecode;
using NetAcademy.Benchmarks.PacketGraph;
using NetAcademy.Benchmarks.TerminalRtt;

// Linux only: the benchmarks read /proc, pin cores and drive the local Docker engine.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// A dispatcher only: each benchmark is one command, run with
//   dotnet run --project tests/NetAcademy.Benchmarks -c Release -- <name> [options]
var benchmarks = new Dictionary<string, Func<string[], CancellationToken, Task<int>>>(StringComparer.Ordinal)
{
    ["lab-start"] = LabStartBenchmark.RunAsync,
    ["lab-start-profile"] = LabStartProfileBenchmark.RunAsync,
    ["lab-start-warm-browser"] = LabStartWarmBrowserBenchmark.RunAsync,
    ["terminal-rtt"] = TerminalRttBenchmark.RunAsync,
    ["packets"] = PacketDecodeBenchmark.RunAsync,
    ["packet-graph"] = PacketGraphBenchmark.RunAsync,
    ["classroom"] = ClassroomBenchmark.RunAsync,
    ["lesson-pages"] = LessonPageBenchmark.RunAsync,
    ["churn"] = ChurnBenchmark.RunAsync,
};
if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: NetAcademy.Benchmarks <{string.Join("|", benchmarks.Keys)}> [options]");
    return 2;
}
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await run(args[1..], cancel.Token);
