using Layered.TestKit.Requirements;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using Layered.BlockStack.Uring.Native;
using static Layered.BlockStack.Tests.Uring.RingTestKit;

namespace Layered.BlockStack.Tests.Uring;

[RequiresIoUring]
public class RingReadWriteTests
{
    [DeviceFact]
    public async Task WriteFixedThenPlainReadReturnsTheSameBytesAsTheRightOpcodes()
    {
        using TempFile file = TempFile.Create(1 << 20);
        using Ring ring = CreateRingWithFile(file);
        using AlignedMemory source = new(BlockBytes);
        using AlignedMemory target = new(BlockBytes);
        Random.Shared.NextBytes(source.Span);
        Assert.Equal(Errno.Success, ring.RegisterBuffer(0, source));

        Assert.Equal(BlockBytes, await ring.WriteFixed(0, source, 0, 8 * BlockBytes).Bounded());
        Assert.Equal(BlockBytes, await ring.Read(target, 0, 8 * BlockBytes).Bounded());

        Assert.True(source.Span.SequenceEqual(target.Span));
        Assert.Equal(1, ring.Counters.WriteFixedSubmitted);
        Assert.Equal(1, ring.Counters.ReadSubmitted);
        Assert.Equal(0, ring.Counters.ReadFixedSubmitted);
        Assert.Equal(0, ring.Counters.WriteSubmitted);
        Assert.Equal(2, ring.Counters.Completed);
    }

    [DeviceFact]
    public async Task PlainFuaWriteThenFixedReadIntoTheMiddleOfARegisteredBuffer()
    {
        using TempFile file = TempFile.Create(1 << 20);
        using Ring ring = CreateRingWithFile(file);
        using AlignedMemory source = new(BlockBytes);
        using AlignedMemory target = new(4 * BlockBytes);
        Random.Shared.NextBytes(source.Span);
        Assert.Equal(Errno.Success, ring.RegisterBuffer(5, target));

        Assert.Equal(BlockBytes, await ring.Write(source, 0, 3 * BlockBytes, fua: true).Bounded());
        Assert.Equal(BlockBytes, await ring.ReadFixed(5, target, 2 * BlockBytes, 3 * BlockBytes).Bounded());

        Assert.True(source.Span.SequenceEqual(target.Span.Slice(2 * BlockBytes, BlockBytes)));
        Assert.Equal(1, ring.Counters.WriteSubmitted);
        Assert.Equal(1, ring.Counters.ReadFixedSubmitted);
    }

    [DeviceFact]
    public async Task FsyncAndFdatasyncCompleteWithZero()
    {
        using TempFile file = TempFile.Create(1 << 20);
        using Ring ring = CreateRingWithFile(file);

        Assert.Equal(0, await ring.FsyncAsync(0, dataOnly: false).Bounded());
        Assert.Equal(0, await ring.FsyncAsync(0, dataOnly: true).Bounded());
        Assert.Equal(2, ring.Counters.FsyncSubmitted);
    }

    [DeviceFact]
    public async Task ReadFromAnEmptyFileSlotReturnsEbadf()
    {
        using TempFile file = TempFile.Create(1 << 20);
        using Ring ring = CreateRingWithFile(file);
        using AlignedMemory target = new(BlockBytes);

        Assert.Equal(Errno.EBADF.ToResult(), await ring.ReadSlot(7, target, BlockBytes).Bounded());
    }

    [DeviceFact]
    public async Task RingWithoutSingleIssuerStillMovesData()
    {
        using TempFile file = TempFile.Create(1 << 20);
        using Ring ring = CreateRingWithFile(file, new RingOptions { SingleIssuer = false, InlineCompletions = true });
        using AlignedMemory buffer = new(BlockBytes);
        Random.Shared.NextBytes(buffer.Span);
        byte[] expected = buffer.Span.ToArray();

        Assert.Equal(BlockBytes, await ring.Write(buffer, 0, 0).Bounded());
        buffer.Span.Clear();
        Assert.Equal(BlockBytes, await ring.Read(buffer, 0, 0).Bounded());

        Assert.Equal(expected, buffer.Span.ToArray());
        Assert.Equal(0u, ring.SetupFlags & IoUringConstants.IORING_SETUP_SINGLE_ISSUER);
    }
}
