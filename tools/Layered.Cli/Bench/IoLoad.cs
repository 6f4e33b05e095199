using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Tags;

namespace Layered.Cli.Bench;

/// <summary>
/// Random block-sized I/O at a fixed queue depth: one lane per outstanding I/O, each lane
/// owning one block of the registered buffer. With a tag the lanes use the tagged path;
/// without, the plain path from the very same memory.
/// </summary>
internal sealed class IoLoad(IBlockDevice device, RegisteredBuffer buffer, int blockBytes, int queueDepth, long spanBytes, ulong seed)
{
    private readonly int _sectorsPerBlock = blockBytes / device.SectorSize;
    private readonly long _blocks = spanBytes / blockBytes;

    public Task<PhaseResult> RunAsync(DeviceTag? tag, bool write, TimeSpan duration)
    {
        var deadline = Lanes.Deadline(duration);
        return Lanes.RunAsync(queueDepth, lane => LaneAsync(lane, tag, write, deadline));
    }

    private async Task<long> LaneAsync(int lane, DeviceTag? tag, bool write, long deadline)
    {
        var random = new LaneRandom(seed, lane);
        var bufferOffset = (long)lane * blockBytes;
        var memory = buffer.Memory.Slice((int)bufferOffset, blockBytes);
        long ops = 0;
        while (Environment.TickCount64 < deadline)
        {
            var sector = random.NextBlock(_blocks) * _sectorsPerBlock;
            var result = tag is null
                ? write ? await device.WriteAsync(sector, memory) : await device.ReadAsync(sector, memory)
                : write ? await device.WriteTaggedAsync(tag, bufferOffset, sector, _sectorsPerBlock) : await device.ReadTaggedAsync(tag, bufferOffset, sector, _sectorsPerBlock);
            if (!result.IsOk) throw new IOException($"{device.Name}: benchmark I/O failed: {result}");
            ops++;
        }
        return ops;
    }
}
