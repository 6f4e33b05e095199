using Layered.BlockStack.Buffers;
using Layered.BlockStack.Memory;

namespace Layered.BlockStack.Tests.Memory;

public sealed class MemoryDeviceTests
{
    [Fact]
    public async Task ATebibyteDeviceCostsOnlyWhatHasBeenWritten()
    {
        await using var device = MemoryDevice.Create(1L << 40);
        using var memory = new AlignedMemory(4096);
        memory.Span.Fill(1);
        for (var i = 0; i < 16; i++)
            Assert.True((await device.WriteAsync((1L << 40) / 512 / 16 * i, memory.Memory)).IsOk);
        Assert.Equal(16L * SparseStore.ChunkBytes, device.AllocatedBytes);
        Assert.True((await device.ReadAsync(device.SectorCount - 8, memory.Memory)).IsOk);
        Assert.True(memory.Span.IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public async Task DiscardOfWholeChunksGivesTheMemoryBack()
    {
        await using var device = MemoryDevice.Create(16 << 20);
        using var memory = new AlignedMemory(SparseStore.ChunkBytes * 4);
        memory.Span.Fill(7);
        Assert.True((await device.WriteAsync(0, memory.Memory)).IsOk);
        Assert.Equal(4L * SparseStore.ChunkBytes, device.AllocatedBytes);
        Assert.True((await device.DiscardAsync(0, memory.Length / 512)).IsOk);
        Assert.Equal(0, device.AllocatedBytes);
    }
}
