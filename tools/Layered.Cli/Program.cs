using System.CommandLine;
using Layered.Cli.Commands;

var root = new RootCommand("Layered: a userspace storage stack with pre-mapped direct I/O")
{
    BenchCommand.Create(),
    DrillCommand.Create(),
    Layered.Cli.Commands.Raid.RaidCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
