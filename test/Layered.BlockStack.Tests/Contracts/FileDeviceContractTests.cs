using Layered.BlockStack;
using Layered.BlockStack.Files;
using Layered.BlockStack.Tests.Files;
using Layered.TestKit.Contracts;
using Layered.TestKit.Requirements;

namespace Layered.BlockStack.Tests.Contracts;

/// <summary>A file device whose restart is close and reopen: flushed data must be on the file.</summary>
public abstract class FileDeviceContract : BlockDeviceContract
{
    protected abstract UringHost? Host { get; }

    protected abstract string CreateTarget();

    protected override Task<IBlockDevice> OpenDeviceAsync() => Task.FromResult<IBlockDevice>(FileDevice.Open(CreateTarget(), new FileDeviceOptions { Host = Host }));

    protected override async Task<IBlockDevice> RestartAsync(IBlockDevice device)
    {
        var path = ((FileDevice)device).Path;
        await device.DisposeAsync();
        return FileDevice.Open(path, new FileDeviceOptions { Host = Host, Id = device.Id });
    }
}

[RequiresIoUring]
public sealed class FileDeviceOnImageContractTests : FileDeviceContract
{
    private readonly ImageFiles _images = new();

    protected override UringHost? Host => TestRings.Shared;

    protected override string CreateTarget() => _images.Create(DeviceBytes);

    public override void Dispose()
    {
        _images.Dispose();
        base.Dispose();
    }
}

/// <summary>The RandomAccess path that serves when io_uring is unavailable.</summary>
public sealed class FileDeviceWithoutIoUringContractTests : FileDeviceContract
{
    private readonly ImageFiles _images = new();

    protected override UringHost? Host => null;

    protected override string CreateTarget() => _images.Create(DeviceBytes);

    public override void Dispose()
    {
        _images.Dispose();
        base.Dispose();
    }
}

[RequiresLoopDevices]
[RequiresIoUring]
public class FileDeviceOnLoopDeviceContractTests : FileDeviceContract
{
    private readonly List<LoopDevice> _loops = [];

    protected virtual int SectorSize => 512;

    protected override UringHost? Host => TestRings.Shared;

    protected override string CreateTarget()
    {
        var loop = LoopDevice.Attach(DeviceBytes, SectorSize);
        lock (_loops) _loops.Add(loop);
        return loop.DevicePath;
    }

    public override void Dispose()
    {
        foreach (var loop in _loops) loop.Dispose();
        base.Dispose();
    }

    [DeviceFact]
    public async Task TheDeviceReportsTheLoopDevicesOwnSectorSize()
    {
        await using var device = await OpenDeviceAsync();
        Assert.Equal(SectorSize, device.SectorSize);
        Assert.True(((FileDevice)device).IsBlockDevice);
    }

    [DeviceFact]
    public async Task FuaIsOfferedOnlyWhenTheQueueTakesItItself()
    {
        await using var device = (FileDevice)await OpenDeviceAsync();
        // The loop driver has no FUA of its own: the kernel would emulate one with a flush.
        var queue = File.ReadAllText($"/sys/class/block/{Path.GetFileName(device.Path)}/queue/fua").Trim();
        Assert.Equal(queue == "1", device.NativeFua);
        Assert.Equal(device.NativeFua, device.Capabilities.HasFlag(DeviceCapabilities.Fua));
        // A FUA write is honoured all the same.
        using var memory = new Buffers.AlignedMemory(device.SectorSize);
        Assert.True((await device.WriteAsync(0, memory.Memory, WriteFlags.Fua)).IsOk);
    }
}

/// <summary>A loop device with 4 KiB logical sectors, which the device must discover and honour.</summary>
public sealed class FileDeviceOn4KLoopDeviceContractTests : FileDeviceOnLoopDeviceContractTests
{
    protected override int SectorSize => 4096;
}
