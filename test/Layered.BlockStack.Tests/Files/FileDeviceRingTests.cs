using Layered.BlockStack.Buffers;
using Layered.BlockStack.Files;
using Layered.TestKit.Requirements;

namespace Layered.BlockStack.Tests.Files;

[RequiresIoUring]
public sealed class FileDeviceRingTests : IDisposable
{
    private readonly ImageFiles _images = new();

    [DeviceFact]
    public async Task AnImageFileOffersFuaAsOneDsyncWrite()
    {
        using var host = TestRings.Create();
        await using var device = FileDevice.Open(_images.Create(1 << 20), new FileDeviceOptions { Host = host });
        Assert.True(device.NativeFua);
        Assert.True(device.Capabilities.HasFlag(DeviceCapabilities.Fua));
    }

    [DeviceFact]
    public async Task TaggedIoGoesOutAsFixedOpcodesAndPlainIoAsReadWrite()
    {
        using var host = TestRings.Create();
        await using var device = FileDevice.Open(_images.Create(16 << 20), new FileDeviceOptions { Host = host });
        using var buffers = new BufferRegistry();
        var buffer = buffers.Register(64 * 1024);
        var tag = device.TryMap(buffer)!;
        using var plain = new AlignedMemory(4096);
        var counters = host.Ring.Counters;

        for (var i = 0; i < 10; i++) Assert.True((await device.WriteTaggedAsync(tag, 0, i * 8, 8)).IsOk);
        for (var i = 0; i < 7; i++) Assert.True((await device.ReadTaggedAsync(tag, 4096, i * 8, 8)).IsOk);
        for (var i = 0; i < 5; i++) Assert.True((await device.WriteAsync(i * 8, plain.Memory)).IsOk);
        for (var i = 0; i < 3; i++) Assert.True((await device.ReadAsync(i * 8, plain.Memory)).IsOk);

        Assert.Equal(10, counters.WriteFixedSubmitted);
        Assert.Equal(7, counters.ReadFixedSubmitted);
        Assert.Equal(5, counters.WriteSubmitted);
        Assert.Equal(3, counters.ReadSubmitted);
        await device.UnmapAsync(tag);
    }

    [DeviceFact]
    public async Task OneBufferMappedOnTwoDevicesSharesOneRingSlot()
    {
        using var host = TestRings.Create();
        await using var a = FileDevice.Open(_images.Create(1 << 20), new FileDeviceOptions { Host = host });
        await using var b = FileDevice.Open(_images.Create(1 << 20), new FileDeviceOptions { Host = host });
        using var buffers = new BufferRegistry();
        var buffer = buffers.Register(8192);
        var ta = a.TryMap(buffer)!;
        var tb = b.TryMap(buffer)!;
        Assert.Equal(ta.Slot, tb.Slot);
        await a.UnmapAsync(ta);
        Assert.True((await b.WriteTaggedAsync(tb, 0, 0, 16)).IsOk, "unmapping on one device released the slot another still uses");
        await b.UnmapAsync(tb);
        var again = b.TryMap(buffers.Register(4096))!;
        Assert.Equal(ta.Slot, again.Slot);
        await b.UnmapAsync(again);
    }

    [DeviceFact]
    public async Task AnImageOpensWithODirectAndReportsItsGeometry()
    {
        await using var device = FileDevice.Open(_images.Create(8 << 20), new FileDeviceOptions { Host = TestRings.Shared, SectorSize = 4096 });
        Assert.True(device.IsDirect);
        Assert.False(device.IsBlockDevice);
        Assert.Equal(4096, device.SectorSize);
        Assert.Equal(2048, device.SectorCount);
    }

    [DeviceFact]
    public void AMissingOrMisSizedImageGetsAClearError()
    {
        var missing = Path.Combine(Path.GetTempPath(), "layered-no-such-image.img");
        Assert.Contains("no image file", Assert.Throws<FileNotFoundException>(() => FileDevice.Open(missing)).Message);
        var odd = _images.Create(8192);
        File.AppendAllText(odd, "x");
        Assert.Contains("not a positive multiple", Assert.Throws<InvalidDataException>(() => FileDevice.Open(odd)).Message);
    }

    public void Dispose() => _images.Dispose();
}
