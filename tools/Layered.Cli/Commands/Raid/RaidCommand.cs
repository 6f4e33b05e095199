using System.CommandLine;

namespace Layered.Cli.Commands.Raid;

/// <summary><c>layered raid</c>: create, assemble, inspect and change sets over image files or block devices.</summary>
internal static class RaidCommand
{
    public static Command Create() => new("raid", "RAID sets over image files or block devices")
    {
        RaidCreateCommand.Create(),
        RaidAssembleCommand.Create(),
        RaidStatusCommand.Create(),
        RaidMemberCommands.Fail(),
        RaidMemberCommands.Remove(),
        RaidMemberCommands.Add(),
        RaidMemberCommands.Replace(),
        RaidScrubCommand.Create(),
    };
}
