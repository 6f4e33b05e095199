using System.Text.Json.Nodes;

namespace Layered.Cli.Tests;

public sealed class DrillTruncateRaceCommandTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact(Timeout = 120_000)]
    public async Task AShortRaceWithLeasesFindsNoViolationAndReportsItsCountsAsJson()
    {
        var run = await CliRunner.RunAsync("drill truncate-race --seconds 3 --seed 7 --json", s_timeout);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        var report = JsonNode.Parse(run.Stdout)!.AsObject();
        Assert.Equal(7UL, (ulong)report["seed"]!);
        Assert.Equal(0, (long)report["violations"]!);
        Assert.True((long)report["iterations"]! > 1000, run.Stdout);
        Assert.True((long)report["direct_ops"]! > 0 && (long)report["breaks"]! > 0, run.Stdout);
        Assert.True((long)report["fences"]! >= 0);
        Assert.Contains("seed 7", run.Stderr);
    }

    [Fact(Timeout = 120_000)]
    public async Task WithoutLeasesTheNegativeControlCatchesViolationsSaysSoAndExitsNonZero()
    {
        var run = await CliRunner.RunAsync("drill truncate-race --seconds 2 --seed 7 --no-leases", s_timeout);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("negative control", run.Stderr);
        Assert.Contains("as expected", run.Stderr);
        Assert.Contains("violation:", run.Stdout);
    }

    [Fact(Timeout = 60_000)]
    public async Task ANonPositiveDurationIsRefused()
    {
        var run = await CliRunner.RunAsync("drill truncate-race --seconds 0", s_timeout);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--seconds", run.Stderr);
    }
}
