using System.CommandLine;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Summary;

namespace NetAcademy.Cli.Commands;

/// <summary><c>netacademy pcap summary FILE</c>: one line per packet (see docs/pcap-summary-format.md).</summary>
public static class PcapCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A pcap or pcapng file; - reads standard input." };
        var summary = new Command("summary", "Print one line per packet: index, relative time, length, layer summary.") { file };
        summary.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(file)!;
            try
            {
                await using var stream = target.Name == "-" ? Console.OpenStandardInput() : target.OpenRead();
                await PcapSummaryWriter.WriteAsync(stream, Console.Out, cancellationToken);
                return 0;
            }
            catch (FileNotFoundException)
            {
                await Console.Error.WriteLineAsync($"netacademy pcap summary: {target.FullName} does not exist.");
                return 2;
            }
            catch (CaptureFormatException ex)
            {
                await Console.Error.WriteLineAsync($"netacademy pcap summary: {target.Name} is not a readable capture: {ex.Message}");
                return 1;
            }
        });
        return new Command("pcap", "Work with packet captures.") { summary };
    }
}
