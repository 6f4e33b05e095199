using System.Diagnostics;
using Layered.BlockStack;

namespace Layered.Cli.Bench.Raid;

/// <summary>
/// A memory device that moves at most <c>bytesPerSecond</c>, like a disk whose media, not
/// the CPU, is the limit. Each I/O books its transfer on the device's timeline, after every
/// transfer already booked, and completes when that transfer would end, less a slack. The
/// slack absorbs coarse timers (4 ms ticks, late by up to 9 ms, on this machine): without it a late timer would
/// leave the device idle and understate its rate. The timeline still caps the rate, since
/// every transfer is booked behind the last. It cannot pre-map: tagged I/O is not what it is for.
/// </summary>
internal sealed class PacedDevice(IBlockDevice inner, long bytesPerSecond)
    : BlockDevice(new DeviceGeometry($"{inner.Name}@{bytesPerSecond / 1_000_000}MB/s", Guid.NewGuid(), inner.SectorSize, inner.SectorCount, inner.MaxTransferBytes))
{
    private static readonly TimeSpan s_slack = TimeSpan.FromMilliseconds(25);

    private readonly Lock _lock = new();
    private long _busyUntilTicks;

    /// <summary>The device underneath, for filling it at full speed.</summary>
    public IBlockDevice Inner => inner;

    public override DeviceCapabilities Capabilities => DeviceCapabilities.Flush;

    protected override Mapping? TryMapCore(Layered.BlockStack.Buffers.RegisteredBuffer buffer) => null;

    protected override async ValueTask<IoResult> ExecuteAsync(IoRequest request)
    {
        if (request.Op is IoOp.Read or IoOp.Write)
        {
            var wait = Book(request.SectorCount * SectorSize);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        return request.Op switch
        {
            IoOp.Read => await inner.ReadAsync(request.Sector, request.Memory),
            IoOp.Write => await inner.WriteAsync(request.Sector, request.Memory, request.Flags),
            IoOp.Flush => await inner.FlushAsync(),
            _ => await inner.DiscardAsync(request.Sector, request.SectorCount),
        };
    }

    /// <summary>Books a transfer after everything already booked; returns how long to wait before completing it.</summary>
    private TimeSpan Book(long bytes)
    {
        var now = Stopwatch.GetTimestamp();
        var transfer = bytes * Stopwatch.Frequency / bytesPerSecond;
        long end;
        lock (_lock) _busyUntilTicks = end = Math.Max(_busyUntilTicks, now) + transfer;
        return Stopwatch.GetElapsedTime(now, end) - s_slack;
    }

    protected override ValueTask DisposeCoreAsync() => inner.DisposeAsync();
}
