using System.Text;
using Layered.BlockStack;
using Layered.Fs.Tests.Posix;

namespace Layered.Fs.Tests.Crash;

/// <summary>A small populated filesystem on memory devices, with what every file and xattr holds.</summary>
internal sealed class FsImage
{
    public const string XattrName = "user.tag";

    public required IBlockDevice[] Devices { get; init; }
    public required int BlockSize { get; init; }
    public Dictionary<string, byte[]> Files { get; } = [];
    public Dictionary<string, byte[]> Xattrs { get; } = [];
    public List<string> Directories { get; } = [];

    /// <summary>
    /// Four directories of files with data and xattrs, unmounted cleanly. With <paramref name="dirty"/>,
    /// more files are then created and fsync'd and the mount abandoned, so the journal holds commits
    /// mount has to replay (memory devices keep every write, so nothing else is lost).
    /// </summary>
    public static async Task<FsImage> BuildAsync(bool dirty)
    {
        var (fs, devices) = await TestFs.CreateAsync(bytes: 64 << 20);
        var image = new FsImage { Devices = devices, BlockSize = fs.BlockSize };
        var random = new Random(12345);
        for (var d = 0; d < 4; d++)
        {
            var dir = await fs.MkdirAsync(FileSystem.RootIno, $"d{d}", 0x1ED, 0, 0);
            image.Directories.Add($"/d{d}");
            for (var f = 0; f < 40; f++)
                await AddFileAsync(fs, image, random, dir.Ino, $"/d{d}/f{f}", $"f{f}");
        }
        await fs.DisposeAsync();
        if (!dirty) return image;
        var again = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 });
        var late = await again.MkdirAsync(FileSystem.RootIno, "late", 0x1ED, 0, 0);
        image.Directories.Add("/late");
        for (var f = 0; f < 20; f++)
        {
            var ino = await AddFileAsync(again, image, random, late.Ino, $"/late/f{f}", $"f{f}");
            await again.FsyncAsync(ino);
        }
        return image;
    }

    private static async Task<ulong> AddFileAsync(FileSystem fs, FsImage image, Random random, ulong dir, string path, string name)
    {
        var file = await fs.CreateAsync(dir, name, 0x1A4, 0, 0);
        var data = new byte[random.Next(1, 20_000)];
        random.NextBytes(data);
        await fs.WriteAsync(file.Ino, 0, data);
        image.Files[path] = data;
        if (random.Next(3) == 0)
        {
            var value = Encoding.UTF8.GetBytes($"xattr of {path}");
            await fs.SetXattrAsync(file.Ino, XattrName, value);
            image.Xattrs[path] = value;
        }
        return file.Ino;
    }
}
