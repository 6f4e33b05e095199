using System.Text.Json.Nodes;

namespace Layered.Cli.Tests;

public sealed class RaidCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "layered-cli-raid", Guid.NewGuid().ToString("N"));

    public RaidCommandTests() => Directory.CreateDirectory(_folder);

    private string Images(params string[] names) => string.Join(' ', names.Select(n => Path.Combine(_folder, n)));

    [Fact]
    public async Task ASetLivesThroughCreateFailRemoveAddAndScrub()
    {
        var all = Images("a.img", "b.img", "c.img", "d.img");
        var created = await CliRunner.RunAsync($"raid create --level raid5 --size 32M --name cli --json {all}");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var status = JsonNode.Parse(created.Stdout)!;
        Assert.Equal("raid5", (string)status["level"]!);
        Assert.Equal(4, status["slots"]!.AsArray().Count);

        Assert.Equal(0, (await CliRunner.RunAsync($"raid fail --slot 1 {all}")).ExitCode);
        var degraded = await CliRunner.RunAsync($"raid status --json {all}");
        Assert.Equal(0, degraded.ExitCode);
        var plan = JsonNode.Parse(degraded.Stdout)!;
        Assert.True((bool)plan["degraded"]!);
        Assert.Contains(plan["refused"]!.AsArray(), r => ((string)r!["device"]!).EndsWith("b.img"));

        Assert.Equal(0, (await CliRunner.RunAsync($"raid remove --slot 1 {all}")).ExitCode);
        var added = await CliRunner.RunAsync($"raid add --json --device {Images("b.img")} {Images("a.img", "c.img", "d.img")}");
        Assert.True(added.ExitCode == 0, added.Stderr);
        Assert.False((bool)JsonNode.Parse(added.Stdout)!["degraded"]!);

        var scrub = await CliRunner.RunAsync($"raid scrub --json {all}");
        Assert.True(scrub.ExitCode == 0, scrub.Stderr);
        var report = JsonNode.Parse(scrub.Stdout)!;
        Assert.Equal((long)report["rows"]!, (long)report["rows_checked"]!);
        Assert.Equal(0, (long)report["mismatched_rows"]!);
    }

    [Theory]
    [InlineData("raid create --level raid7 --size 32M x.img y.img z.img", "unknown level")]
    [InlineData("raid create --level raid5 --size 32M x.img y.img", "raid5")]
    [InlineData("raid status /nonexistent/a.img", "no image file")]
    [InlineData("raid fail --slot 9 {0}", "slots 0 to")]
    public async Task BadInputGetsAClearErrorAndANonZeroExit(string arguments, string message)
    {
        if (arguments.Contains("{0}"))
        {
            var set = Images("p.img", "q.img", "r.img");
            Assert.Equal(0, (await CliRunner.RunAsync($"raid create --level raid5 --size 32M {set}")).ExitCode);
            arguments = string.Format(arguments, set);
        }
        var run = await CliRunner.RunAsync(arguments.Replace("x.img", Images("x.img")).Replace("y.img", Images("y.img")).Replace("z.img", Images("z.img")));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
