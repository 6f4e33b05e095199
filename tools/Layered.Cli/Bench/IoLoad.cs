using System.Diagnostics;
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

    public async Task<PhaseResult> RunAsync(DeviceTag? tag, bool write, TimeSpan duration)
    {
        var process = Process.GetCurrentProcess();
        var (cpuBefore, userBefore) = (process.TotalProcessorTime, process.UserProcessorTime);
        var clock = Stopwatch.StartNew();
        var deadline = Environment.TickCount64 + (long)duration.TotalMilliseconds;
        var lanes = new Task<long>[queueDepth];
        for (var lane = 0; lane < queueDepth; lane++) lanes[lane] = LaneAsync(lane, tag, write, deadline);
        long ops = 0;
        foreach (var lane in lanes) ops += await lane;
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var user = (process.UserProcessorTime - userBefore).TotalSeconds;
        return new PhaseResult(ops, seconds, cpu, user);
    }

    private async Task<long> LaneAsync(int lane, DeviceTag? tag, bool write, long deadline)
    {
        var state = seed ^ (ulong)(lane + 1) * 0x9E3779B97F4A7C15UL;
        var bufferOffset = (long)lane * blockBytes;
        var memory = buffer.Memory.Slice((int)bufferOffset, blockBytes);
        long ops = 0;
        while (Environment.TickCount64 < deadline)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            var sector = (long)(state % (ulong)_blocks) * _sectorsPerBlock;
            var result = tag is null
                ? write ? await device.WriteAsync(sector, memory) : await device.ReadAsync(sector, memory)
                : write ? await device.WriteTaggedAsync(tag, bufferOffset, sector, _sectorsPerBlock) : await device.ReadTaggedAsync(tag, bufferOffset, sector, _sectorsPerBlock);
            if (!result.IsOk) throw new IOException($"{device.Name}: benchmark I/O failed: {result}");
            ops++;
        }
        return ops;
    }
}
