using System.Text.Json.Nodes;

namespace Layered.Cli.Tests.Fs;

public sealed class MkfsFsckCommandTests : IDisposable
{
    private readonly FsImages _images = new();

    [Fact]
    public async Task MkfsOverTwoImagesReportsBothVolumesAndFsckFindsItClean()
    {
        var a = _images.Create("a.img");
        var b = _images.Create("b.img");
        var made = await CliRunner.RunAsync($"mkfs --label cli --journal-size 4M --json {a} {b}");
        Assert.True(made.ExitCode == 0, made.Stderr);
        var report = JsonNode.Parse(made.Stdout)!;
        Assert.Equal("cli", (string)report["label"]!);
        Assert.Equal(4096, (int)report["block_size"]!);
        Assert.Equal(4L << 20, (long)report["journal_bytes"]!);
        Assert.True(Guid.TryParse((string)report["uuid"]!, out _));
        Assert.Equal([a, b], report["volumes"]!.AsArray().Select(v => (string)v!["device"]!));

        var check = await CliRunner.RunAsync($"fsck --json {b},{a}");
        Assert.True(check.ExitCode == 0, check.Stderr);
        var fsck = JsonNode.Parse(check.Stdout)!;
        Assert.True((bool)fsck["clean"]!);
        Assert.Empty(fsck["problems"]!.AsArray());
        Assert.True((long)fsck["directories"]! >= 1); // the root
    }

    [Fact]
    public async Task MkfsRefusesADeviceThatHoldsAFilesystemUnlessForced()
    {
        var a = _images.Create("a.img");
        Assert.Equal(0, (await CliRunner.RunAsync($"mkfs {a}")).ExitCode);
        var refused = await CliRunner.RunAsync($"mkfs --json {a}");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already holds Layered filesystem", refused.Stderr);
        Assert.Contains("--force", (string)JsonNode.Parse(refused.Stdout)!["error"]!);
        Assert.Equal(0, (await CliRunner.RunAsync($"mkfs --force {a}")).ExitCode);
    }

    [Fact]
    public async Task MkfsRefusesARaidMemberUnlessForced()
    {
        var members = new[] { "r0.img", "r1.img", "r2.img" }.Select(n => _images.PathOf(n)).ToArray();
        Assert.Equal(0, (await CliRunner.RunAsync($"raid create --level raid5 --size 32M {string.Join(' ', members)}")).ExitCode);
        var refused = await CliRunner.RunAsync($"mkfs {members[1]}");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("member of RAID set", refused.Stderr);
    }

    [Fact]
    public async Task FsckOfAnImageWithoutAFilesystemIsAnErrorNotAProblemList()
    {
        var zeros = _images.Create("zeros.img");
        var run = await CliRunner.RunAsync($"fsck --json {zeros}");
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.NotNull(JsonNode.Parse(run.Stdout)!["error"]);
    }

    [Fact]
    public async Task FsckOfAnImageWithWrongMagicIsAnError()
    {
        var a = _images.Create("a.img");
        Assert.Equal(0, (await CliRunner.RunAsync($"mkfs {a}")).ExitCode);
        await using (var file = File.OpenWrite(a)) file.Write("NOTLAYER"u8); // the superblock's header comes first
        var run = await CliRunner.RunAsync($"fsck --json {a}");
        Assert.Equal(2, run.ExitCode);
        Assert.NotNull(JsonNode.Parse(run.Stdout)!["error"]);
        var mount = await CliRunner.RunAsync($"cp {a}:/ {_images.PathOf("out")}");
        Assert.NotEqual(0, mount.ExitCode);
        Assert.DoesNotContain("   at ", mount.Stderr);
    }

    [Fact]
    public async Task ATruncatedImageGetsAClearErrorFromFsckAndCp()
    {
        var a = _images.Create("a.img");
        Assert.Equal(0, (await CliRunner.RunAsync($"mkfs {a}")).ExitCode);
        await using (var file = File.OpenWrite(a)) file.SetLength(FsImages.DefaultBytes / 4);
        var check = await CliRunner.RunAsync($"fsck --json {a}");
        Assert.NotEqual(0, check.ExitCode);
        Assert.DoesNotContain("   at ", check.Stderr);
        Assert.NotNull(JsonNode.Parse(check.Stdout));
        var copy = await CliRunner.RunAsync($"cp --json {a}:/x {_images.PathOf("x")}");
        Assert.NotEqual(0, copy.ExitCode);
        Assert.Contains("smaller", copy.Stderr);
        Assert.NotNull(JsonNode.Parse(copy.Stdout)!["error"]);
    }

    [Fact]
    public async Task FsckNamesAMissingVolume()
    {
        var a = _images.Create("a.img");
        var b = _images.Create("b.img");
        Assert.Equal(0, (await CliRunner.RunAsync($"mkfs {a} {b}")).ExitCode);
        var run = await CliRunner.RunAsync($"fsck --json {a}");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("missing volume 1", run.Stderr);
    }

    public void Dispose() => _images.Dispose();
}
