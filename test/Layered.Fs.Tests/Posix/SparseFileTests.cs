using Layered.BlockStack.Uring;
using Layered.Fs.Posix;

namespace Layered.Fs.Tests.Posix;

public sealed class SparseFileTests
{
    private const long TiB = 1L << 40;

    [Fact(Timeout = 30_000)]
    public async Task AOneTebibyteSparseFileReadsBackItsLastBlockAndSeeksAroundTheHole()
    {
        var (fs, devices) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(FileSystem.RootIno, "huge", 0x1A4, 0, 0);
        var data = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 1)).ToArray();
        await fs.WriteAsync(file.Ino, TiB - 4096, data);

        var attrs = await fs.GetAttrAsync(file.Ino);
        Assert.Equal(TiB, attrs.Size);
        Assert.True(attrs.Blocks512 <= 64, $"a 1 TiB sparse file holds {attrs.Blocks512} sectors");
        var back = new byte[8192];
        Assert.Equal(4096, await fs.ReadAsync(file.Ino, TiB - 4096, back));
        Assert.Equal(data, back[..4096]);
        Assert.Equal(4096, await fs.ReadAsync(file.Ino, TiB / 2, back.AsMemory(0, 4096)));
        Assert.True(back.AsSpan(0, 4096).IndexOfAnyExcept((byte)0) < 0);

        Assert.Equal(TiB - 4096, await fs.SeekAsync(file.Ino, 0, SeekWhence.Data));
        Assert.Equal(0, await fs.SeekAsync(file.Ino, 0, SeekWhence.Hole));
        Assert.Equal(TiB, await fs.SeekAsync(file.Ino, TiB - 4096, SeekWhence.Hole));
        var past = await Assert.ThrowsAsync<FsException>(() => fs.SeekAsync(file.Ino, TiB, SeekWhence.Data));
        Assert.Equal(Errno.ENXIO, past.Errno);
        await fs.DisposeAsync();

        await using var again = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 });
        Assert.Equal(4096, await again.ReadAsync(file.Ino, TiB - 4096, back.AsMemory(0, 4096)));
        Assert.Equal(data, back[..4096]);
    }

    /// <summary>
    /// Bug: FileSystem.GoalAsync aims a new extent at "previous extent's block + file distance",
    /// which lies past the end of a small volume when the file has a wide hole; the allocator
    /// then throws ArgumentOutOfRangeException out of WriteAsync.
    /// </summary>
    [Fact(Timeout = 30_000)]
    public async Task WritingFarBeyondAFilesFirstExtentSucceedsOnASmallVolume()
    {
        var (fs, _) = await TestFs.CreateAsync(bytes: 64 << 20);
        var file = await fs.CreateAsync(FileSystem.RootIno, "sparse", 0x1A4, 0, 0);
        await fs.WriteAsync(file.Ino, 0, new byte[] { 1 });
        await fs.WriteAsync(file.Ino, 1L << 30, new byte[] { 2 });
        var back = new byte[1];
        Assert.Equal(1, await fs.ReadAsync(file.Ino, 1L << 30, back));
        Assert.Equal(2, back[0]);
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task InterleavedWritesOfTwoFilesFragmentThemButBothReadBackIntact()
    {
        // A small volume, mostly filled, so the two files' runs collide and must break up.
        var (fs, devices) = await TestFs.CreateAsync(bytes: 16 << 20, options: new Mkfs.MkfsOptions { JournalBytes = 256 << 10 });
        var a = await fs.CreateAsync(FileSystem.RootIno, "a", 0x1A4, 0, 0);
        var b = await fs.CreateAsync(FileSystem.RootIno, "b", 0x1A4, 0, 0);
        const int pieces = 1500;
        for (var i = 0; i < pieces; i++)
        {
            await fs.WriteAsync(a.Ino, i * 4096L, Block(1, i));
            await fs.WriteAsync(b.Ino, i * 4096L, Block(2, i));
        }
        var extentsA = await fs.MapAsync(a.Ino, 0, pieces * 4096L, Callouts.MapIntent.Read);
        var extentsB = await fs.MapAsync(b.Ino, 0, pieces * 4096L, Callouts.MapIntent.Read);
        Assert.True(extentsA.Count + extentsB.Count > 2, "interleaved writes left each file in one extent, so the test fragmented nothing");
        await fs.DisposeAsync();

        await using var again = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 });
        var back = new byte[4096];
        for (var i = 0; i < pieces; i++)
        {
            Assert.Equal(4096, await again.ReadAsync(a.Ino, i * 4096L, back));
            Assert.Equal(Block(1, i), back);
            Assert.Equal(4096, await again.ReadAsync(b.Ino, i * 4096L, back));
            Assert.Equal(Block(2, i), back);
        }
    }

    private static byte[] Block(int file, int index)
    {
        var block = new byte[4096];
        BitConverter.TryWriteBytes(block, file);
        BitConverter.TryWriteBytes(block.AsSpan(4), index);
        block.AsSpan(8).Fill((byte)(file * 31 + index));
        return block;
    }
}
