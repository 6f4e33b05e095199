using Layered.BlockStack;
using Layered.Fs.Posix;
using Layered.Fs.Tests.Posix;

namespace Layered.Fs.Tests.Check;

/// <summary>A filesystem that has seen most kinds of change, for fsck to find clean.</summary>
internal static class Workload
{
    public static async Task<(FileSystem Fs, IBlockDevice[] Devices)> BusyAsync(int volumes = 2)
    {
        var (fs, devices) = await TestFs.CreateAsync(volumes);
        var random = new Random(7);
        var root = FileSystem.RootIno;
        var docs = await fs.MkdirAsync(root, "docs", 0x1ED, 0, 0);
        var deep = await fs.MkdirAsync(docs.Ino, "deep", 0x1ED, 0, 0);
        var files = new List<ulong>();
        for (var i = 0; i < 40; i++)
        {
            var file = await fs.CreateAsync(i % 2 == 0 ? docs.Ino : deep.Ino, $"f{i}", 0x1A4, 0, 0);
            var data = new byte[random.Next(1, 200_000)];
            random.NextBytes(data);
            await fs.WriteAsync(file.Ino, random.Next(0, 50_000), data);
            files.Add(file.Ino);
        }
        await fs.LinkAsync(files[0], root, "hard", default);
        await fs.LinkAsync(files[0], deep.Ino, "hard2", default);
        await fs.RenameAsync(docs.Ino, "f2", deep.Ino, "moved");
        await fs.RenameAsync(docs.Ino, "f4", deep.Ino, "f1");
        await fs.MkdirAsync(deep.Ino, "sub", 0x1ED, 0, 0);
        await fs.RenameAsync(deep.Ino, "sub", root, "sub");
        await fs.RenameAsync(root, "sub", docs.Ino, "deep", RenameFlags.Exchange);
        await fs.SymlinkAsync(root, "short", "docs/f0", 0, 0);
        await fs.SymlinkAsync(root, "long", new string('x', 3000), 0, 0);
        await fs.SetXattrAsync(files[6], "user.note", new byte[] { 1, 2, 3 });
        await fs.SetXattrAsync(docs.Ino, "user.big", new byte[1500]);
        await fs.MknodAsync(root, "fifo", (uint)FileKind.Fifo | 0x1A4, 0, 0, 0);
        await fs.FallocateAsync(files[8], FallocateMode.PunchHole | FallocateMode.KeepSize, 5000, 40_000);
        await fs.FallocateAsync(files[10], FallocateMode.KeepSize, 0, 1 << 20);
        await fs.FallocateAsync(files[12], FallocateMode.ZeroRange, 100, 9000);
        await fs.UnlinkAsync(docs.Ino, "f14");
        await fs.MkdirAsync(root, "gone", 0x1ED, 0, 0);
        await fs.RmdirAsync(root, "gone");
        await fs.OpenAsync(files[16]);
        await fs.UnlinkAsync(docs.Ino, "f16");
        await fs.SetAttrAsync(files[18], new SetAttributes { Size = 3 });
        return (fs, devices);
    }
}
