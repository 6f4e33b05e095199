using Layered.BlockStack.Buffers;
using Layered.Fs.DirectIo;
using Layered.Fs.Posix;
using Layered.Fs.Tests.Posix;

namespace Layered.Fs.Tests.DirectIo;

/// <summary>The session's mapping cache across writes into preallocated (Unwritten) space.</summary>
public sealed class MappingCacheTests
{
    private const int Block = 4096;
    private const int Window = 1 << 20;

    [Fact(Timeout = 30000)]
    public async Task WritesIntoAPreallocatedWindowKeepItCachedAndReadBackWhatTheyWrote()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        await fs.FallocateAsync(file.Ino, FallocateMode.Default, 0, Window);
        // Old bytes under the preallocation, as a reused block would hold: an Unwritten block must never show them.
        foreach (var extent in await fs.MapAsync(file.Ino, 0, Window, Callouts.MapIntent.Read))
        {
            using var stale = new AlignedMemory((int)extent.Length);
            stale.Span.Fill(0xDD);
            Assert.True((await extent.Device!.WriteAsync(extent.Sector, stale.Memory)).IsOk);
        }
        using var registry = new BufferRegistry();
        var buffer = registry.Register(2 * Block);
        await using var session = new DirectSession(fs);
        var b = session.RegisterBuffer(buffer);
        var f = await session.RegisterFileAsync(file.Ino);

        // One read maps the whole window: every block Unwritten, reading as zeros.
        Assert.True((await session.ExecuteAsync(new DirectOp(DirectOpKind.Read, f, 0, Block, b, 0, 0))).IsOk);
        var mapsAfterFirstRead = session.Counters.Maps;
        Assert.Equal(1, mapsAfterFirstRead);

        // Interleaved writes and reads across the window, in an order that splits extents on both sides.
        var random = new Random(17);
        var blocks = Enumerable.Range(0, Window / Block).OrderBy(_ => random.Next()).Take(64).ToArray();
        foreach (var block in blocks)
        {
            buffer.Span[..Block].Fill((byte)(block % 251 + 1));
            Assert.True((await session.ExecuteAsync(new DirectOp(DirectOpKind.Write, f, (long)block * Block, Block, b, 0, 1))).IsOk);
        }
        foreach (var block in Enumerable.Range(0, Window / Block))
        {
            buffer.Span[Block..].Fill(0xEE);
            Assert.True((await session.ExecuteAsync(new DirectOp(DirectOpKind.Read, f, (long)block * Block, Block, b, Block, 2))).IsOk);
            var expected = blocks.Contains(block) ? (byte)(block % 251 + 1) : (byte)0;
            Assert.True(buffer.Span[Block..].IndexOfAnyExcept(expected) < 0, $"block {block} did not read back {expected}");
        }

        // The writes converted their blocks in the cache as on disk: nothing was mapped again.
        Assert.Equal(mapsAfterFirstRead, session.Counters.Maps);
        var viaFs = new byte[Block];
        foreach (var block in blocks.Take(8))
        {
            await fs.ReadAsync(file.Ino, (long)block * Block, viaFs);
            Assert.True(viaFs.AsSpan().IndexOfAnyExcept((byte)(block % 251 + 1)) < 0, $"block {block} reads differently through the filesystem");
        }
        await fs.DisposeAsync();
    }
}
