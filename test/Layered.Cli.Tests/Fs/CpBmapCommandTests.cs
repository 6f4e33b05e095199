using System.Text.Json.Nodes;

namespace Layered.Cli.Tests.Fs;

public sealed class CpBmapCommandTests : IDisposable
{
    private readonly FsImages _images = new();
    private readonly string _image;

    public CpBmapCommandTests() => _image = _images.Create("fs.img");

    private async Task MkfsAsync() => Assert.Equal(0, (await CliRunner.RunAsync($"mkfs {_image}")).ExitCode);

    [Fact]
    public async Task ATreeCopiedInAndOutKeepsContentModeTimeSymlinksAndHoles()
    {
        await MkfsAsync();
        var tree = _images.CreateHostTree("tree");
        var copyIn = await CliRunner.RunAsync($"cp -r --json {tree} {_image}:/");
        Assert.True(copyIn.ExitCode == 0, copyIn.Stderr);
        var tally = JsonNode.Parse(copyIn.Stdout)!;
        Assert.Equal(2, (long)tally["files"]!);
        Assert.Equal(2, (long)tally["directories"]!);
        Assert.Equal(1, (long)tally["symlinks"]!);
        Assert.True((long)tally["sparse_bytes"]! >= 2L << 20);

        var outFolder = _images.PathOf("out");
        Directory.CreateDirectory(outFolder);
        var copyOut = await CliRunner.RunAsync($"cp -r {_image}:/tree {outFolder}");
        Assert.True(copyOut.ExitCode == 0, copyOut.Stderr);
        var back = Path.Combine(outFolder, "tree");
        Assert.Equal(File.ReadAllBytes(Path.Combine(tree, "hello.txt")), File.ReadAllBytes(Path.Combine(back, "hello.txt")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(tree, "sub", "sparse.bin")), File.ReadAllBytes(Path.Combine(back, "sub", "sparse.bin")));
        Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc), File.GetLastWriteTimeUtc(Path.Combine(back, "hello.txt")));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(File.GetUnixFileMode(Path.Combine(tree, "hello.txt")), File.GetUnixFileMode(Path.Combine(back, "hello.txt")));
        Assert.Equal("hello.txt", new FileInfo(Path.Combine(back, "link")).LinkTarget);

        var fsck = await CliRunner.RunAsync($"fsck {_image}");
        Assert.True(fsck.ExitCode == 0, fsck.Stdout + fsck.Stderr);
    }

    [Fact]
    public async Task CopyingADirectoryWithoutRecursiveIsRefused()
    {
        await MkfsAsync();
        var tree = _images.CreateHostTree("tree");
        var run = await CliRunner.RunAsync($"cp --json {tree} {_image}:/");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("use -r", run.Stderr);
    }

    [Fact]
    public async Task CopyingADirectoryIntoItselfIsRefusedHoweverTheDevicesAreSpelled()
    {
        await MkfsAsync();
        Assert.Equal(0, (await CliRunner.RunAsync($"cp -r {_images.CreateHostTree("tree")} {_image}:/")).ExitCode);
        var spelledOtherwise = Path.Combine(Path.GetDirectoryName(_image)!, ".", Path.GetFileName(_image));

        var run = await CliRunner.RunAsync($"cp -r {_image}:/tree {spelledOtherwise}:/tree/sub");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("into itself", run.Stderr);
        Assert.Equal(0, (await CliRunner.RunAsync($"fsck {_image}")).ExitCode);
    }

    [Fact]
    public async Task CopyingAMissingFileOutNamesIt()
    {
        await MkfsAsync();
        var run = await CliRunner.RunAsync($"cp --json {_image}:/nope {_images.PathOf("nope")}");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("/nope", run.Stderr);
        Assert.NotNull(JsonNode.Parse(run.Stdout)!["error"]);
    }

    [Fact]
    public async Task BmapShowsTheDeviceAndExtentsCoveringTheFile()
    {
        await MkfsAsync();
        var tree = _images.CreateHostTree("tree");
        Assert.Equal(0, (await CliRunner.RunAsync($"cp -r {tree} {_image}:/")).ExitCode);
        var run = await CliRunner.RunAsync($"bmap --json {_image}:/tree/sub/sparse.bin");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var map = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(3L << 20, (long)map["size_bytes"]!);
        Assert.Equal(_image, (string)map["bdevs"]![0]!);
        var extents = map["extents"]!.AsArray();
        Assert.Equal(0, (long)extents[0]!["file_offset"]!);
        Assert.Equal(3L << 20, extents.Sum(e => (long)e!["length"]!));
        Assert.Contains(extents, e => (string)e!["type"]! == "hole");
        var mapped = extents.Where(e => (string)e!["type"]! == "mapped").ToList();
        Assert.NotEmpty(mapped);
        Assert.All(mapped, e => Assert.Equal(_image, (string)e!["device"]!));
    }

    [Fact]
    public async Task BmapOfAMissingPathSaysENOENT()
    {
        await MkfsAsync();
        var run = await CliRunner.RunAsync($"bmap --json {_image}:/missing");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("ENOENT", (string)JsonNode.Parse(run.Stdout)!["errno"]!);
    }

    public void Dispose() => _images.Dispose();
}
