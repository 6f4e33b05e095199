using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Layered.Cli.Tests;

public sealed class DrillCommandTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    private readonly string _out = Path.Combine(Path.GetTempPath(), "layered-drill-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("raid5", 4)]
    [InlineData("raid6", 5)]
    public async Task AShortMemoryDrillSurvivesItsFaultsWithEveryBlockIntact(string level, int members)
    {
        // 16 s: acts of 3.5 s around 1 s rebuilds, so every planned fault runs even on a loaded
        // machine (at 6 s a slow rebuild could hold the crash step past the end).
        var run = await CliRunner.RunAsync($"drill --level {level} --members {members} --device mem --seconds 16 --seed 11 --json --out {_out}", s_timeout);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        var report = JsonNode.Parse(run.Stdout)!.AsObject();
        Assert.DoesNotContain(report["problems"]!.AsArray(), p => ((string)p!).Contains("ended before every planned fault ran"));
        Assert.Equal(0, (long)report["errors_surfaced"]!);
        Assert.Equal(0, (long)report["wrong_data"]!);
        Assert.True((bool)report["passed"]!);
        Assert.True((long)report["ops"]! > 0 && (long)report["bytes_read"]! > 0 && (long)report["bytes_written"]! > 0);
        Assert.True((int)report["rebuilds_completed"]! >= 1, run.Stderr);
        var kinds = report["events"]!.AsArray().Select(e => (string)e!["kind"]!).ToList();
        Assert.Contains("member_failed", kinds);
        Assert.Contains("rebuild_completed", kinds);
        Assert.Contains("crash", kinds);
        Assert.Contains("reassembled", kinds);
        Assert.Equal(11UL, (ulong)report["seed"]!);
        Assert.Contains("--seed 11", (string)report["replay"]!);

        var timeline = JsonNode.Parse(await File.ReadAllTextAsync((string)report["timeline_json"]!))!.AsObject();
        Assert.True(timeline["samples"]!.AsArray().Count >= 12, "a 16 s drill has a sample per second");
        var svg = XDocument.Load((string)report["timeline_svg"]!);
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "polyline");
    }

    [Fact]
    public async Task TheSameSeedReplaysTheSameFaultSchedule()
    {
        var first = await RunJsonAsync("drill --level raid6 --members 4 --device mem --seconds 4 --seed 4242 --json", "a");
        var second = await RunJsonAsync("drill --level raid6 --members 4 --device mem --seconds 4 --seed 4242 --json", "b");
        // The schedule is a function of the seed alone. Which steps actually ran can differ on a
        // loaded machine (a step that waits too long for a whole set is skipped and logged), so
        // the injected faults are not compared.
        Assert.Equal(first["schedule"]!.ToJsonString(), second["schedule"]!.ToJsonString());
        Assert.NotEmpty(first["schedule"]!.AsArray());
        Assert.Contains("fail_during_rebuild", first["schedule"]!.ToJsonString());

        var other = await RunJsonAsync("drill --level raid6 --members 4 --device mem --seconds 4 --seed 4243 --json", "c");
        Assert.NotEqual(first["schedule"]!.ToJsonString(), other["schedule"]!.ToJsonString());
    }

    [Theory]
    [InlineData("--level raid7", "unknown level 'raid7'")]
    [InlineData("--level raid6 --members 3", "raid6 needs at least 4 members")]
    [InlineData("--level raid1 --members 1", "raid1 needs at least 2 members")]
    [InlineData("--level raid10 --members 5", "raid10 needs an even number of members")]
    [InlineData("--seconds 0", "--seconds must be positive")]
    [InlineData("--device floppy", "unknown device 'floppy'")]
    public async Task BadInputGetsAClearErrorAndExitOne(string arguments, string message)
    {
        var run = await CliRunner.RunAsync($"drill {arguments} --out {_out}", s_timeout);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    /// <summary>Runs a drill to its end; whether the set passed is the other tests' business, so exit 2 (a finding) is fine here.</summary>
    private async Task<JsonObject> RunJsonAsync(string arguments, string outName)
    {
        var run = await CliRunner.RunAsync($"{arguments} --out {Path.Combine(_out, outName)}", s_timeout);
        Assert.True(run.ExitCode is 0 or 2, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        return JsonNode.Parse(run.Stdout)!.AsObject();
    }

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }
}
