using Layered.BlockStack.Buffers;
using Layered.Fuse.Handlers;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;
using Layered.Fuse.Tests.Native;

namespace Layered.Fuse.Tests.Mounted;

/// <summary>
/// O_DIRECT opens are answered FOPEN_DIRECT_IO | FOPEN_PARALLEL_DIRECT_WRITES: writes inside the
/// file then reach us side by side instead of one at a time, and buffered opens of the same file
/// still see what they wrote.
/// </summary>
[RequiresFuseMounts]
public abstract class MountedDirectWriteTests(MountedTransport transport)
{
    private const int Block = 4096;

    /// <summary>Holds each write until another is in flight beside it (or a deadline passes), then serves it.</summary>
    private sealed class MeetingWriteHandler : IFuseHandler
    {
        private readonly WriteHandler _inner = new();
        private readonly TaskCompletionSource _met = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        private int _most;

        public int Most => Volatile.Read(ref _most);

        public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _most, now);
            if (now >= 2) _met.TrySetResult();
            try
            {
                await Task.WhenAny(_met.Task, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
                return await _inner.HandleAsync(session, request).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
                if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
        }
    }

    [DeviceFact(Timeout = 60000)]
    public async Task DirectWritesInsideTheFileRunSideBySide()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = mounted["f"];
        await File.WriteAllBytesAsync(path, new byte[16 * Block]);
        var meeting = new MeetingWriteHandler();
        mounted.Mount.Session.Override(FuseOpcode.FUSE_WRITE, meeting);

        // Their own threads, so a busy thread pool cannot hold the second writer back.
        var writers = Enumerable.Range(0, 2).Select(i => Task.Factory.StartNew(() =>
        {
            using var handle = TestInterop.OpenDirect(path);
            using var block = new AlignedMemory(Block);
            block.Span.Fill((byte)(i + 1));
            RandomAccess.Write(handle, block.Span, i * 4L * Block);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(40));

        Assert.Equal(2, meeting.Most);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.All(bytes[..Block], b => Assert.Equal(1, b));
        Assert.All(bytes[(4 * Block)..(5 * Block)], b => Assert.Equal(2, b));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task AnODirectOpenCanStillBeMapped()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = mounted["f"];
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)0x5A, 2 * Block).ToArray());
        using var direct = TestInterop.OpenDirect(path);
        // As on a local filesystem; a FOPEN_DIRECT_IO open maps only with FUSE_DIRECT_IO_ALLOW_MMAP.
        using var map = System.IO.MemoryMappedFiles.MemoryMappedFile.CreateFromFile(direct, null, 2 * Block,
            System.IO.MemoryMappedFiles.MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewAccessor(0, 2 * Block);
        Assert.Equal(0x5A, view.ReadByte(Block + 7));
        view.Write(0, (byte)0x11);
        view.Flush();
        Assert.Equal(0x11, (await File.ReadAllBytesAsync(path))[0]);
    }

    [DeviceFact(Timeout = 60000)]
    public async Task ABufferedReaderSeesWhatADirectWriterWrote()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = mounted["f"];
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)0xAA, 4 * Block).ToArray());
        using var buffered = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var before = new byte[4 * Block];
        buffered.ReadExactly(before); // now in the page cache

        using (var direct = TestInterop.OpenDirect(path))
        using (var block = new AlignedMemory(Block))
        {
            block.Span.Fill(0x55);
            RandomAccess.Write(direct, block.Span, Block);
        }

        var after = new byte[4 * Block];
        buffered.Position = 0;
        buffered.ReadExactly(after);
        Assert.All(after[..Block], b => Assert.Equal(0xAA, b));
        Assert.All(after[Block..(2 * Block)], b => Assert.Equal(0x55, b));
        Assert.All(after[(2 * Block)..], b => Assert.Equal(0xAA, b));
    }
}
