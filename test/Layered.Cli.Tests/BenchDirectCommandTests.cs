using System.Text.Json.Nodes;
using Layered.BlockStack.Files;

namespace Layered.Cli.Tests;

public sealed class BenchDirectCommandTests
{
    [Fact(Timeout = 180_000)]
    public async Task AShortRunReportsAllThreeSidesTheirRatiosAndTheLeaseBreakCost()
    {
        if (LoopDevice.Unavailable() is { } why)
        {
            Console.WriteLine($"skipped: bench direct needs loop devices: {why}");
            return;
        }
        var fio = File.Exists("/usr/bin/fio") ? "" : " --no-fio";
        var run = await CliRunner.RunAsync($"bench direct --loops 2 --loop-size 64M --file-size 16M --seconds 1 --cycles 50 --json{fio}", TimeSpan.FromSeconds(170));
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        var report = JsonNode.Parse(run.Stdout)!.AsObject();
        Assert.True((double)report["direct"]!["read_iops"]! > 0 && (double)report["ordinary"]!["write_iops"]! > 0);
        Assert.True((double)report["ratio_direct_vs_ordinary_write_iops"]! > 0);
        Assert.Equal(50, (long)report["lease_break"]!["recalls"]!);
        Assert.True((double)report["lease_break"]!["recall_to_release_p99_us"]! >= (double)report["lease_break"]!["recall_to_release_p50_us"]!);
        if (fio.Length == 0) Assert.True((double)report["fio_fixed"]!["read_iops"]! > 0);
    }
}
