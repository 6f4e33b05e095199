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
public sealed class FileDeviceOnLoopDeviceContractTests : FileDeviceContract
{
    private readonly List<LoopDevice> _loops = [];

    protected override UringHost? Host => TestRings.Shared;

    protected override string CreateTarget()
    {
        var loop = LoopDevice.Attach(DeviceBytes);
        lock (_loops) _loops.Add(loop);
        return loop.DevicePath;
    }

    public override void Dispose()
    {
        foreach (var loop in _loops) loop.Dispose();
        base.Dispose();
    }
}
