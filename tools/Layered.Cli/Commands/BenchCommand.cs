using System.CommandLine;

namespace Layered.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create() => new("bench", "Benchmarks that print ratios measured side by side in one run")
    {
        BenchTagsCommand.Create(),
        BenchRaidCommand.Create(),
        BenchFsCommand.Create(),
        BenchFsCommand.CreateFuse(),
        BenchDirectCommand.Create(),
    };
}
