using Layered.BlockStack;
using Layered.BlockStack.Tags;
using Layered.TestKit.Requirements;

namespace Layered.TestKit.Contracts;

public abstract partial class BlockDeviceContract
{
    private const int InFlightIos = 64;

    [DeviceFact]
    public async Task InvalidateStopsNewIoAtOnceAndNothingTouchesTheBufferAfterTheDrain()
    {
        await using var device = await OpenDeviceAsync();
        var ss = device.SectorSize;
        var buffer = Buffers.Register(InFlightIos * 4096);
        var tag = device.TryMap(buffer);
        if (tag is null) return;
        var ios = StartTaggedReads(device, tag);

        await device.InvalidateAsync(tag).AsTask().WaitAsync(Bound);

        // The drain is proven by the count: an I/O's task completes a moment after it leaves the tag.
        Assert.Equal(0, tag.InFlight);
        Assert.Equal(TagState.Revoked, tag.State);
        foreach (var io in ios)
        {
            var status = (await io.WaitAsync(Bound)).Status;
            Assert.True(status is IoStatus.Ok or IoStatus.TagRevoked, $"in-flight I/O ended with {status}");
        }

        buffer.Span.Fill(0x5A);
        var late = await device.ReadTaggedAsync(tag, 0, 0, 8);
        Assert.Equal(IoStatus.TagRevoked, late.Status);
        await Task.Delay(50);
        Assert.True(buffer.Span.IndexOfAnyExcept((byte)0x5A) < 0, "the buffer changed after the tag was drained");
        await device.UnmapAsync(tag);
    }

    [DeviceFact]
    public async Task WritesThroughARevokedTagNeverReachTheDevice()
    {
        await using var device = await OpenDeviceAsync();
        var ss = device.SectorSize;
        var buffer = Buffers.Register(64 * 1024);
        var tag = device.TryMap(buffer);
        if (tag is null) return;
        await device.InvalidateAsync(tag);
        Patterns.Fill(buffer.Span[..(8 * ss)], 200, ss, stamp: 9);
        Assert.Equal(IoStatus.TagRevoked, (await device.WriteTaggedAsync(tag, 0, 200, 8)).Status);
        using var memory = new Layered.BlockStack.Buffers.AlignedMemory(8 * ss);
        AssertOk(await device.ReadAsync(200, memory.Memory));
        Assert.True(memory.Span.IndexOfAnyExcept((byte)0) < 0, "a write through a revoked tag reached the device");
        await device.UnmapAsync(tag);
    }

    [DeviceFact]
    public async Task UnmapWaitsForEveryInFlightIoToComplete()
    {
        await using var device = await OpenDeviceAsync();
        var buffer = Buffers.Register(InFlightIos * 4096);
        var tag = device.TryMap(buffer);
        if (tag is null) return;
        var ios = StartTaggedReads(device, tag);

        await device.UnmapAsync(tag).AsTask().WaitAsync(Bound);

        // Drained by the count (an I/O's task completes a moment after it leaves the tag).
        Assert.True(tag.InFlight == 0, $"unmap returned with {tag.InFlight} I/Os in flight");
        Assert.Equal(TagState.Unmapped, tag.State);
        await Task.WhenAll(ios).WaitAsync(Bound);
        Assert.Equal(0, buffer.MapCount);
        buffer.Dispose();
    }

    /// <summary>Starts one 4 KiB tagged read per buffer page without awaiting them.</summary>
    private static List<Task<IoResult>> StartTaggedReads(IBlockDevice device, DeviceTag tag)
    {
        var sectors = 4096 / device.SectorSize;
        return Enumerable.Range(0, InFlightIos)
            .Select(i => device.ReadTaggedAsync(tag, i * 4096L, (long)i * sectors * 7, sectors).AsTask())
            .ToList();
    }
}
