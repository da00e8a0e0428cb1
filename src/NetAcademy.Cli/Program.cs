using System.CommandLine;
using NetAcademy.Cli.Commands;
using NetAcademy.Core.Runtime;

var root = new RootCommand("netacademy: lint content, inspect captures, run labs headless.");
root.Subcommands.Add(LintCommand.Create());
root.Subcommands.Add(PcapCommand.Create());
root.Subcommands.Add(BackupCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(LabCommand.Create(LabTestCommand.Create()));
try
{
    // Our own handler below, not the library's stack-trace printer.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (OperationCanceledException)
{
    // Ctrl-C or SIGTERM: what the command started has been stopped on the way out (sessions, a lab-test VM).
    await Console.Error.WriteLineAsync("netacademy: cancelled");
    return 130;
}
catch (LabRuntimeException ex)
{
    // The engine is down, refused, or speaks no Engine API version we do: the message says which, for an operator.
    await Console.Error.WriteLineAsync($"netacademy: {ex.Message}");
    return 2;
}
