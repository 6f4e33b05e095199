using System.Text.Json.Nodes;

namespace Layered.Cli.Tests;

public sealed class BenchRaidCommandTests
{
    private static readonly string[] s_measurements =
    [
        "raid0_random_read_64k", "raid0_random_write_64k", "raid0_paced_random_read_64k", "raid0_tagged_random_read_4k",
        "raid5_full_stripe_write", "raid5_small_write_4k", "raid5_tagged_random_read_4k", "raid5_rebuild_idle",
        "raid6_full_stripe_write", "raid6_small_write_4k",
        "parity_xor_best_in_cache", "parity_pq_best_in_cache", "parity_xor_scalar_in_cache", "parity_pq_scalar_in_cache",
        "parity_xor_best_in_memory", "parity_pq_best_in_memory",
    ];

    // One short run serves every test that reads its report.
    private static readonly Lazy<Task<CliRunner.Result>> s_shortRun = new(() => CliRunner.RunAsync("bench raid --size 8M --seconds 0.2 --json"));

    [Fact]
    public async Task JsonReportCarriesEveryMeasurementWithItsBaselineAndRatio()
    {
        var run = await s_shortRun.Value;
        Assert.True(run.ExitCode == 0, run.Stderr);
        var measurements = JsonNode.Parse(run.Stdout)!["measurements"]!.AsObject();
        foreach (var key in s_measurements)
        {
            var m = measurements[key]?.AsObject();
            Assert.True(m is not null, $"{key} is missing from the report");
            foreach (var field in new[] { "value", "baseline", "ratio" })
                Assert.True((double)m[field]! > 0, $"{key}.{field} is not positive");
            // Value and baseline are rounded for print; the ratio is of the unrounded figures.
            var ratio = (double)m["ratio"]!;
            Assert.InRange((double)m["value"]! / (double)m["baseline"]!, ratio * 0.98, ratio * 1.02);
        }
        Assert.Equal(3.5, (double)measurements["raid0_random_read_64k"]!["target"]!);
        Assert.Equal(0.7, (double)measurements["raid5_full_stripe_write"]!["target"]!);
        Assert.Equal("value", (string)measurements["parity_xor_best_in_cache"]!["target_on"]!);
        Assert.Null(measurements["raid5_small_write_4k"]!["target"]);
    }

    [Fact]
    public async Task TaggedSideIssuesTaggedMemberIosAndPlainSidePlainOnes()
    {
        var run = await s_shortRun.Value;
        Assert.True(run.ExitCode == 0, run.Stderr);
        var details = JsonNode.Parse(run.Stdout)!["measurements"]!["raid5_tagged_random_read_4k"]!["details"]!;
        Assert.True((long)details["member_ios_during_tagged_side"]!["tagged"]! > 0);
        Assert.Equal(0L, (long)details["member_ios_during_tagged_side"]!["plain"]!);
        Assert.Equal(0L, (long)details["member_ios_during_plain_side"]!["tagged"]!);
        Assert.Contains("rebuild 1:", run.Stderr);
    }

    [Theory]
    [InlineData("--seconds -1", "--seconds must be positive")]
    [InlineData("--seconds 0", "--seconds must be positive")]
    [InlineData("--size 12Q", "is not a size")]
    [InlineData("--size 1M", "--size must be at least 4M")]
    [InlineData("--size 1T", "needs about 3.5x that in memory")]
    public async Task BadInputGetsAClearErrorAndANonZeroExit(string arguments, string message)
    {
        var run = await CliRunner.RunAsync($"bench raid {arguments}");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.Equal("", run.Stdout);
    }
}
