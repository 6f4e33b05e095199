using System.CommandLine;
using Layered.Cli.Commands;
using Layered.Cli.Lifetime;

var root = new RootCommand("Layered: a userspace storage stack with pre-mapped direct I/O")
{
    BenchCommand.Create(),
    DrillCommand.Create(),
    Layered.Cli.Commands.Raid.RaidCommand.Create(),
    Layered.Cli.Commands.Fs.MkfsCommand.Create(),
    Layered.Cli.Commands.Fs.FsckCommand.Create(),
    Layered.Cli.Commands.Fs.CpCommand.Create(),
    Layered.Cli.Commands.Fs.BmapCommand.Create(),
    Layered.Cli.Commands.Fuse.UpCommand.Create(),
    Layered.Cli.Commands.Fuse.MountCommand.Create(),
    Layered.Cli.Commands.Fuse.UmountCommand.Create(),
};
var exitCode = await root.Parse(args).InvokeAsync();
await PendingCleanup.WaitAsync(TimeSpan.FromSeconds(30));
return exitCode;
