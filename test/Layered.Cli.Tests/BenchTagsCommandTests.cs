using System.Text.Json.Nodes;

namespace Layered.Cli.Tests;

public sealed class BenchTagsCommandTests
{
    [Fact]
    public async Task JsonReportCarriesBothPathsAndTheirRatio()
    {
        var run = await CliRunner.RunAsync("bench tags --device mem --size 16M --seconds 0.4 --json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = JsonNode.Parse(run.Stdout)!.AsObject();
        foreach (var side in new[] { "plain", "tagged" })
            foreach (var field in new[] { "read_iops", "read_cpu_us_per_io", "write_iops", "write_cpu_us_per_io" })
                Assert.True((double)report[side]![field]! > 0, $"{side}.{field} is not positive");
        var ratio = (double)report["ratio_read_iops_per_cpu"]!;
        var expected = (double)report["tagged"]!["read_iops_per_cpu_second"]! / (double)report["plain"]!["read_iops_per_cpu_second"]!;
        // Both figures are printed rounded, so the ratio recomputed from them may differ in the third place.
        Assert.InRange(ratio, expected * 0.99, expected * 1.01);
        Assert.Contains("warmed up", run.Stderr);
    }

    [Theory]
    [InlineData("--size 16M --qd 0", "--qd must be between 1 and 1024")]
    [InlineData("--size 16M --bs 3000", "--bs must be a multiple of 512")]
    [InlineData("--size 12Q", "is not a size")]
    [InlineData("--device /nonexistent/disk.img", "no image file or block device")]
    [InlineData("--size 16M --device mem --fio", "--fio needs a device fio can open")]
    public async Task BadInputGetsAClearErrorAndANonZeroExit(string arguments, string message)
    {
        var run = await CliRunner.RunAsync($"bench tags --seconds 0.2 {arguments}");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }
}
