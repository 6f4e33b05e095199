using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Memory;
using Layered.BlockStack.Simulation;
using Layered.BlockStack.Tags;

namespace Layered.Leases.Tests.Support;

/// <summary>Real devices and registered buffers for lease tests; tags come from the devices' own TryMap.</summary>
internal sealed class DeviceRig : IAsyncDisposable
{
    public const int BufferBytes = 64 * 1024;

    private readonly BufferRegistry _buffers = new();
    private readonly List<IBlockDevice> _devices = [];
    private readonly List<DeviceTag> _tags = [];

    public MemoryDevice Memory(string name = "mem")
    {
        var device = MemoryDevice.Create(64L << 20, name: name);
        _devices.Add(device);
        return device;
    }

    /// <summary>A device whose reads take <paramref name="readDelayMs"/>, so tagged I/O stays in flight.</summary>
    public SimulatedDevice Slow(int readDelayMs, string name = "slow")
    {
        var device = SimulatedDevice.Create(64L << 20, seed: 1, [new FaultRule(FaultKind.Latency) { DelayMs = readDelayMs }], name: name);
        _devices.Add(device);
        return device;
    }

    public DeviceTag Map(IBlockDevice device)
    {
        var tag = device.TryMap(_buffers.Register(BufferBytes)) ?? throw new InvalidOperationException($"{device.Name} cannot pre-map");
        lock (_tags) _tags.Add(tag);
        return tag;
    }

    /// <summary>Unmaps the tag (waiting for its I/O) and frees its buffer.</summary>
    public async ValueTask UnmapAsync(DeviceTag tag)
    {
        await tag.Device.UnmapAsync(tag);
        tag.Buffer.Dispose();
        lock (_tags) _tags.Remove(tag);
    }

    public static ValueTask<IoResult> Read(DeviceTag tag, long sector = 0) => tag.Device.ReadTaggedAsync(tag, 0, sector, 8);

    public async ValueTask DisposeAsync()
    {
        List<DeviceTag> tags;
        lock (_tags) tags = [.. _tags];
        foreach (var tag in tags) await tag.Device.UnmapAsync(tag);
        foreach (var device in _devices) await device.DisposeAsync();
        _buffers.Dispose();
    }
}
