using System.CommandLine;
using NetAcademy.Cli.Commands;

var root = new RootCommand("netacademy: lint content, inspect captures, run labs headless.");
root.Subcommands.Add(LintCommand.Create());
root.Subcommands.Add(PcapCommand.Create());
root.Subcommands.Add(BackupCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(LabCommand.Create(LabTestCommand.Create()));
return await root.Parse(args).InvokeAsync();
