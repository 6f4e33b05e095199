using Layered.BlockStack.Buffers;
using Layered.Fs.Posix;

namespace Layered.Fs.Tests.Posix;

/// <summary>
/// Whole blocks from or into sector-aligned memory skip the bounce buffer and go straight to the
/// device; everything else still bounces. Either way the bytes must be the same.
/// </summary>
public sealed class AlignedTransferTests
{
    private const int Block = 4096;

    [Fact]
    public async Task AlignedWholeBlocksGoStraightToTheDeviceAcrossFragmentedExtents()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        var expected = new byte[64 * Block];
        new Random(3).NextBytes(expected);
        Assert.Equal(expected.Length, await fs.WriteAsync(file.Ino, 0, expected));
        // Punched and written again: the freed blocks are not reused before a checkpoint, so the
        // rewritten ones land elsewhere and the file has several extents (and a hole).
        await fs.FallocateAsync(file.Ino, FallocateMode.PunchHole | FallocateMode.KeepSize, 20 * Block, 8 * Block);
        Assert.Equal(4 * Block, await fs.WriteAsync(file.Ino, 20 * Block, expected.AsMemory(20 * Block, 4 * Block)));
        expected.AsSpan(24 * Block, 4 * Block).Clear();
        Assert.True((await fs.MapAsync(file.Ino, 0, expected.Length, Callouts.MapIntent.Read)).Count > 1, "the file was not fragmented");

        using var aligned = new AlignedMemory(expected.Length);
        var before = fs.DirectTransfers;
        Assert.Equal(expected.Length, await fs.ReadAsync(file.Ino, 0, aligned.Memory));
        Assert.True(aligned.Span.SequenceEqual(expected));
        Assert.True(fs.DirectTransfers > before, "an aligned whole-block read bounced");

        // Aligned whole-block overwrite of the middle, read back through unaligned memory.
        new Random(4).NextBytes(aligned.Span[..(16 * Block)]);
        aligned.Span[..(16 * Block)].CopyTo(expected.AsSpan(8 * Block));
        before = fs.DirectTransfers;
        Assert.Equal(16 * Block, await fs.WriteAsync(file.Ino, 8 * Block, aligned.Memory[..(16 * Block)]));
        Assert.True(fs.DirectTransfers > before, "an aligned whole-block write bounced");
        var back = new byte[expected.Length + 1];
        Assert.Equal(expected.Length, await fs.ReadAsync(file.Ino, 0, back.AsMemory(1)));
        Assert.True(back.AsSpan(1).SequenceEqual(expected));
        await fs.DisposeAsync();
    }

    [Fact]
    public async Task PartialBlocksAndMisalignedMemoryStillBounce()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        using var aligned = new AlignedMemory(4 * Block);
        new Random(5).NextBytes(aligned.Span);
        var before = fs.DirectTransfers;

        // Starts mid-block; whole blocks from memory one byte off a sector boundary.
        Assert.Equal(Block, await fs.WriteAsync(file.Ino, 100, aligned.Memory[..Block]));
        Assert.Equal(2 * Block, await fs.WriteAsync(file.Ino, 2 * Block, aligned.Memory[1..(2 * Block + 1)]));
        var back = new byte[4 * Block + 1];
        Assert.Equal(4 * Block, await fs.ReadAsync(file.Ino, 0, back.AsMemory(1)));

        Assert.Equal(before, fs.DirectTransfers);
        Assert.True(back.AsSpan(1 + 100, Block).SequenceEqual(aligned.Span[..Block]));
        Assert.True(back.AsSpan(1 + 2 * Block, 2 * Block).SequenceEqual(aligned.Span[1..(2 * Block + 1)]));
        await fs.DisposeAsync();
    }
}
