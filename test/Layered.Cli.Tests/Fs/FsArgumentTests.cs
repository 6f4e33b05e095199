using System.Text.Json.Nodes;

namespace Layered.Cli.Tests.Fs;

/// <summary>Bad input that never reaches the filesystem: each gets one clear line, a non-zero exit, and JSON that parses.</summary>
public sealed class FsArgumentTests : IDisposable
{
    private readonly FsImages _images = new();

    [Theory]
    [InlineData("mkfs --json {missing}", "no image file", 1)]
    [InlineData("mkfs --block-size 3000 --json {a}", "--block-size", 1)]
    [InlineData("mkfs --label this-label-is-much-longer-than-32-bytes --json {a}", "longer than 32 bytes", 1)]
    [InlineData("mkfs --json {a},,{b}", "empty device name", 1)]
    [InlineData("mkfs --json {a} {a}", "more than once", 1)]
    [InlineData("fsck --json {missing}", "no image file", 2)]
    [InlineData("bmap --json {folder}/host-file", "host path", 1)]
    [InlineData("bmap --json {missing}:/x", "no image file", 1)]
    [InlineData("bmap --json :/x", "no devices", 1)]
    [InlineData("bmap --json {a}:/a/../b", "'..' is not allowed", 1)]
    [InlineData("cp --json {folder}/x {folder}/y", "neither side", 1)]
    [InlineData("cp --json {missing}:/x {folder}/y", "no image file", 1)]
    public async Task BadArgumentsGetAClearErrorAndJsonThatParses(string arguments, string message, int exitCode)
    {
        _images.Create("a.img");
        _images.Create("b.img");
        var run = await CliRunner.RunAsync(Expand(arguments));
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr); // no stack trace
        var error = JsonNode.Parse(run.Stdout)!;
        Assert.Contains(message, (string)error["error"]!);
        Assert.Equal(exitCode, (int)error["exit_code"]!);
    }

    [Fact]
    public async Task WithoutJsonAnErrorIsOneLineOnStderrAndNothingOnStdout()
    {
        var run = await CliRunner.RunAsync($"fsck {_images.PathOf("missing.img")}");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private string Expand(string arguments) => arguments
        .Replace("{missing}", _images.PathOf("missing.img"))
        .Replace("{a}", _images.PathOf("a.img"))
        .Replace("{b}", _images.PathOf("b.img"))
        .Replace("{folder}", _images.Folder);

    public void Dispose() => _images.Dispose();
}
