using System.Diagnostics;
using Layered.BlockStack.Buffers;
using Layered.Fs.DirectIo;
using Layered.Fuse.Session;

namespace Layered.Fuse.Tests.Mounted;

/// <summary>
/// A direct I/O session writing a file behind the mount: the kernel's cached size and pages must
/// not outlive the write (the host sends FUSE_NOTIFY_INVAL_INODE). The kernel may cache for a
/// minute here, so without the notification the mount would show the old size and bytes — which
/// the switched-off runs show it does.
/// </summary>
[RequiresFuseMounts]
public abstract class MountedCoherenceTests(MountedTransport transport)
{
    private const int Block = 4096;
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(2);

    private static FuseSessionOptions Caching(bool invalidate) =>
        new() { EntryTimeout = TimeSpan.FromMinutes(1), AttrTimeout = TimeSpan.FromMinutes(1), InvalidateAfterDirectWrites = invalidate };

    [DeviceTheory(Timeout = 60000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AFileADirectWriteGrewShowsItsNewSizeThroughTheMount(bool invalidate)
    {
        await using var mounted = await MountedFs.StartAsync(transport, session: Caching(invalidate));
        var path = mounted["grown"];
        await File.WriteAllBytesAsync(path, new byte[Block]);
        Assert.Equal(Block, new FileInfo(path).Length); // cached for a minute from here

        using var registry = new BufferRegistry();
        await using var session = new DirectSession(mounted.Fs, new DirectSessionOptions { Name = "grower" });
        var buffer = session.RegisterBuffer(registry.Register(2 * Block));
        var file = await session.RegisterFileAsync(await mounted.Fs.ResolveAsync("/grown"));
        Assert.True((await session.ExecuteAsync(new DirectOp(DirectOpKind.Write, file, Block, 2 * Block, buffer, 0, 1))).IsOk);
        Assert.Equal(3 * Block, (await mounted.Fs.GetAttrAsync(await mounted.Fs.ResolveAsync("/grown"))).Size);

        var seen = await Settle(() => new FileInfo(path).Length, 3L * Block);
        if (invalidate)
        {
            Assert.Equal(3L * Block, seen);
            // Counted after write(2) returns, which is a moment after the kernel acted on it.
            Assert.True(await Settle(() => mounted.Mount.Session.Invalidations >= 1, true), "no invalidation was counted");
        }
        else Assert.Equal(Block, seen);
    }

    [DeviceTheory(Timeout = 60000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABufferedReaderThroughTheMountSeesADirectOverwrite(bool invalidate)
    {
        await using var mounted = await MountedFs.StartAsync(transport, session: Caching(invalidate));
        var path = mounted["overwritten"];
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)0xAA, 4 * Block).ToArray());
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        ReadBlock(reader, 1); // into the page cache

        using var registry = new BufferRegistry();
        await using var session = new DirectSession(mounted.Fs, new DirectSessionOptions { Name = "overwriter" });
        var registered = registry.Register(Block);
        var buffer = session.RegisterBuffer(registered);
        registered.Span.Fill(0x55);
        var file = await session.RegisterFileAsync(await mounted.Fs.ResolveAsync("/overwritten"));
        Assert.True((await session.ExecuteAsync(new DirectOp(DirectOpKind.Write, file, Block, Block, buffer, 0, 1))).IsOk);

        var seen = await Settle(() => ReadBlock(reader, 1)[0], (byte)0x55);
        Assert.Equal(invalidate ? 0x55 : 0xAA, seen);
    }

    private static byte[] ReadBlock(FileStream stream, int block)
    {
        var bytes = new byte[Block];
        stream.Position = (long)block * Block;
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The notification is sent right after the write, by another thread: look until it shows or a bound passes.</summary>
    private static async Task<T> Settle<T>(Func<T> look, T wanted)
    {
        var clock = Stopwatch.StartNew();
        var seen = look();
        while (!EqualityComparer<T>.Default.Equals(seen, wanted) && clock.Elapsed < s_settle)
        {
            await Task.Delay(20);
            seen = look();
        }
        return seen;
    }
}
