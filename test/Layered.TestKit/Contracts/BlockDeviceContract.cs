using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Tags;
using Layered.TestKit.Requirements;

namespace Layered.TestKit.Contracts;

/// <summary>
/// The contract every <see cref="IBlockDevice"/> keeps (DESIGN.md, "IBlockDevice" and
/// "Registered buffers and tags"). Each device type derives one class from this and says
/// how to open a fresh device and how to restart it (crash, or close and reopen).
/// </summary>
public abstract partial class BlockDeviceContract : IDisposable
{
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    protected const long DeviceBytes = 64L << 20;

    protected BufferRegistry Buffers { get; } = new();

    /// <summary>A fresh device of <see cref="DeviceBytes"/>, zero-filled.</summary>
    protected abstract Task<IBlockDevice> OpenDeviceAsync();

    /// <summary>Crashes or reopens the device; what was flushed or written with FUA must be readable after.</summary>
    protected abstract Task<IBlockDevice> RestartAsync(IBlockDevice device);

    public virtual void Dispose()
    {
        Buffers.Dispose();
        GC.SuppressFinalize(this);
    }

    [DeviceFact]
    public async Task ReadReturnsWhatWasWrittenAtEveryEdgeOfTheDevice()
    {
        await using var device = await OpenDeviceAsync();
        var ss = device.SectorSize;
        using var memory = new AlignedMemory(64 * 1024);
        var places = new long[] { 0, 1, device.SectorCount / 2, device.SectorCount - memory.Length / ss };
        foreach (var sector in places)
        {
            Patterns.Fill(memory.Span, sector, ss, stamp: 1);
            AssertOk(await device.WriteAsync(sector, memory.Memory));
        }
        foreach (var sector in places)
        {
            memory.Span.Clear();
            AssertOk(await device.ReadAsync(sector, memory.Memory));
            Assert.Equal(-1, Patterns.FirstMismatch(memory.Span, sector, ss, stamp: 1));
        }
    }

    [DeviceFact]
    public async Task FuaAndFlushedWritesSurviveARestart()
    {
        var device = await OpenDeviceAsync();
        var ss = device.SectorSize;
        using var memory = new AlignedMemory(16 * ss);
        Patterns.Fill(memory.Span, 100, ss, stamp: 2);
        AssertOk(await device.WriteAsync(100, memory.Memory, WriteFlags.Fua));
        Patterns.Fill(memory.Span, 5000, ss, stamp: 3);
        AssertOk(await device.WriteAsync(5000, memory.Memory));
        AssertOk(await device.FlushAsync());

        device = await RestartAsync(device);
        await using (device)
        {
            memory.Span.Clear();
            AssertOk(await device.ReadAsync(100, memory.Memory));
            Assert.Equal(-1, Patterns.FirstMismatch(memory.Span, 100, ss, stamp: 2));
            AssertOk(await device.ReadAsync(5000, memory.Memory));
            Assert.Equal(-1, Patterns.FirstMismatch(memory.Span, 5000, ss, stamp: 3));
        }
    }

    [DeviceFact]
    public async Task ManyTasksDoingConcurrentIoKeepEveryBlockIntact()
    {
        await using var device = await OpenDeviceAsync();
        var ss = device.SectorSize;
        const int tasks = 16, opsPerTask = 150, regionSectors = 256;
        var seed = Seeds.Next(nameof(ManyTasksDoingConcurrentIoKeepEveryBlockIntact));
        var work = Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            var random = new Random(seed + t);
            using var memory = new AlignedMemory(8 * ss);
            var stamps = new ulong[regionSectors / 8];
            var baseSector = (long)t * regionSectors;
            for (var op = 0; op < opsPerTask; op++)
            {
                var slot = random.Next(stamps.Length);
                var sector = baseSector + slot * 8;
                if (random.Next(2) == 0)
                {
                    stamps[slot] = (ulong)random.NextInt64(1, long.MaxValue);
                    Patterns.Fill(memory.Span, sector, ss, stamps[slot]);
                    AssertOk(await device.WriteAsync(sector, memory.Memory));
                }
                else if (stamps[slot] != 0)
                {
                    AssertOk(await device.ReadAsync(sector, memory.Memory));
                    Assert.True(Patterns.FirstMismatch(memory.Span, sector, ss, stamps[slot]) == -1, $"seed {seed}: task {t} read stale data at sector {sector}");
                }
            }
        }));
        await Task.WhenAll(work).WaitAsync(Bound);
    }

    [DeviceFact]
    public async Task PlainAndTaggedPathsMoveTheSameBytes()
    {
        await using var device = await OpenDeviceAsync();
        var ss = device.SectorSize;
        var buffer = Buffers.Register(128 * ss);
        var tag = device.TryMap(buffer);
        if (tag is null)
        {
            Assert.False(device.Capabilities.HasFlag(DeviceCapabilities.PreMap), "a device that says it can pre-map returned no tag");
            return;
        }
        using var plain = new AlignedMemory(32 * ss);

        Patterns.Fill(buffer.Span.Slice(8 * ss, 32 * ss), 64, ss, stamp: 4);
        AssertOk(await device.WriteTaggedAsync(tag, 8 * ss, 64, 32));
        AssertOk(await device.ReadAsync(64, plain.Memory));
        Assert.Equal(-1, Patterns.FirstMismatch(plain.Span, 64, ss, stamp: 4));

        Patterns.Fill(plain.Span, 4096, ss, stamp: 5);
        AssertOk(await device.WriteAsync(4096, plain.Memory));
        buffer.Span.Clear();
        AssertOk(await device.ReadTaggedAsync(tag, 64 * ss, 4096, 32));
        Assert.Equal(-1, Patterns.FirstMismatch(buffer.Span.Slice(64 * ss, 32 * ss), 4096, ss, stamp: 5));
        Assert.True(buffer.Span[..(64 * ss)].IndexOfAnyExcept((byte)0) < 0, "tagged read wrote outside its buffer range");

        await device.UnmapAsync(tag);
    }

    [DeviceFact]
    public async Task DiscardedSectorsReadBackAsZerosWhenDiscardSucceeds()
    {
        await using var device = await OpenDeviceAsync();
        var ss = device.SectorSize;
        using var memory = new AlignedMemory(256 * ss);
        Patterns.Fill(memory.Span, 1024, ss, stamp: 6);
        AssertOk(await device.WriteAsync(1024, memory.Memory, WriteFlags.Fua));
        var result = await device.DiscardAsync(1024, 256);
        if (result.Status == IoStatus.NotSupported) return;
        AssertOk(result);
        AssertOk(await device.ReadAsync(1024, memory.Memory));
        Assert.True(memory.Span.IndexOfAnyExcept((byte)0) < 0, "discarded sectors still hold data");
    }

    protected static void AssertOk(IoResult result) => Assert.True(result.IsOk, $"expected Ok, got {result}");

    protected static async Task<DeviceTag> MapAsync(IBlockDevice device, RegisteredBuffer buffer)
    {
        await Task.Yield();
        return device.TryMap(buffer) ?? throw new Xunit.Sdk.XunitException($"{device.Name} returned no tag");
    }
}
