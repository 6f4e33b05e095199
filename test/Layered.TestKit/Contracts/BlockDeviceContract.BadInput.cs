using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Memory;
using Layered.TestKit.Requirements;

namespace Layered.TestKit.Contracts;

public abstract partial class BlockDeviceContract
{
    [DeviceFact]
    public async Task OutOfRangeRequestsAreArgumentErrorsAndTouchNothing()
    {
        await using var device = await OpenDeviceAsync();
        var ss = device.SectorSize;
        var last = device.SectorCount - 8;
        using var memory = new AlignedMemory(8 * ss);
        Patterns.Fill(memory.Span, last, ss, stamp: 7);
        AssertOk(await device.WriteAsync(last, memory.Memory, WriteFlags.Fua));

        Patterns.Fill(memory.Span, last + 4, ss, stamp: 8);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await device.WriteAsync(last + 4, memory.Memory));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await device.WriteAsync(-1, memory.Memory));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await device.ReadAsync(device.SectorCount, memory.Memory));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await device.DiscardAsync(last, 9));
        Assert.Equal(-1, Patterns.FirstMismatch(memory.Span, last + 4, ss, stamp: 8));

        AssertOk(await device.ReadAsync(last, memory.Memory));
        Assert.Equal(-1, Patterns.FirstMismatch(memory.Span, last, ss, stamp: 7));
    }

    [DeviceFact]
    public async Task MisalignedLengthsAddressesAndOffsetsAreRejected()
    {
        await using var device = await OpenDeviceAsync();
        var ss = device.SectorSize;
        using var memory = new AlignedMemory(4 * ss + 4096);
        await Assert.ThrowsAsync<ArgumentException>(async () => await device.WriteAsync(0, memory.Memory[..(ss + 1)]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await device.ReadAsync(0, memory.Memory.Slice(8, ss)));
        var buffer = Buffers.Register(64 * 1024);
        var tag = device.TryMap(buffer);
        if (tag is null) return;
        await Assert.ThrowsAsync<ArgumentException>(async () => await device.ReadTaggedAsync(tag, 7, 0, 1));
        await device.UnmapAsync(tag);
    }

    [DeviceFact]
    public async Task ZeroAndOversizeLengthsAreRejected()
    {
        await using var device = await OpenDeviceAsync();
        using var memory = new AlignedMemory(device.MaxTransferBytes + device.SectorSize);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await device.ReadAsync(0, Memory<byte>.Empty));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await device.WriteAsync(0, memory.Memory));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await device.DiscardAsync(0, 0));
        var buffer = Buffers.Register(64 * 1024);
        var tag = device.TryMap(buffer);
        if (tag is null) return;
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await device.ReadTaggedAsync(tag, 0, 0, 0));
        await device.UnmapAsync(tag);
    }

    [DeviceFact]
    public async Task TagsFromAnotherDeviceOrAlreadyUnmappedAreRejected()
    {
        await using var device = await OpenDeviceAsync();
        await using var other = MemoryDevice.Create(DeviceBytes, device.SectorSize, "other");
        var buffer = Buffers.Register(64 * 1024);
        var foreign = other.TryMap(buffer)!;
        await Assert.ThrowsAsync<ArgumentException>(async () => await device.ReadTaggedAsync(foreign, 0, 0, 1));
        await Assert.ThrowsAsync<ArgumentException>(async () => await device.UnmapAsync(foreign));

        var tag = device.TryMap(buffer);
        if (tag is null) return;
        await device.UnmapAsync(tag);
        Assert.Equal(Layered.BlockStack.Tags.TagState.Unmapped, tag.State);
        await Assert.ThrowsAsync<ArgumentException>(async () => await device.WriteTaggedAsync(tag, 0, 0, 1));
        Assert.Equal(1, buffer.MapCount);
        await other.UnmapAsync(foreign);
        Assert.Equal(0, buffer.MapCount);
    }

    [DeviceFact]
    public async Task RangesOutsideTheRegisteredBufferAreRejectedAndTouchNothing()
    {
        await using var device = await OpenDeviceAsync();
        var ss = device.SectorSize;
        var buffer = Buffers.Register(64 * 1024);
        var tag = device.TryMap(buffer);
        if (tag is null) return;
        buffer.Span.Fill(0xA5);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await device.ReadTaggedAsync(tag, buffer.Length - ss, 0, 2));
        await Assert.ThrowsAsync<ArgumentException>(async () => await device.ReadTaggedAsync(tag, -ss, 0, 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await device.ReadTaggedAsync(tag, buffer.Length, 0, 1));
        Assert.True(buffer.Span.IndexOfAnyExcept((byte)0xA5) < 0, "a rejected read touched the buffer");
        await device.UnmapAsync(tag);
    }

    [DeviceFact]
    public async Task IoAfterDisposeIsRejected()
    {
        var device = await OpenDeviceAsync();
        var buffer = Buffers.Register(64 * 1024);
        var tag = device.TryMap(buffer);
        await device.DisposeAsync();
        using var memory = new AlignedMemory(device.SectorSize);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await device.ReadAsync(0, memory.Memory));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await device.WriteAsync(0, memory.Memory));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await device.FlushAsync());
        Assert.Throws<ObjectDisposedException>(() => device.TryMap(buffer));
        if (tag is not null)
        {
            Assert.Equal(Layered.BlockStack.Tags.TagState.Unmapped, tag.State);
            Assert.Equal(0, buffer.MapCount);
        }
    }
}
