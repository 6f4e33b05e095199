using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Composition;
using Layered.BlockStack.Tags;

namespace Layered.Cli.Bench.Raid;

/// <summary>
/// Block-sized I/O at a fixed queue depth over one or more targets: lane i drives target
/// i mod n from block i of one registered buffer, plain or tagged. Unlike <see cref="IoLoad"/>
/// it spreads lanes over several devices (the members' aggregate), runs sequential streams,
/// and keeps every lane moving when the devices complete inline.
/// </summary>
/// <remarks>
/// Memory devices, and RAID sets over them, complete every I/O synchronously. A lane that
/// never awaits would run the whole phase on one thread while the other lanes wait for the
/// deadline. So a lane hands its thread back to the pool after <see cref="InlineRunLimit"/>
/// inline completions: the lanes then share every core, and both sides of a comparison get
/// the same threads. The handback is one thread-pool work item per 16 I/Os, paid alike by both
/// sides of a comparison: a few percent of the cost of a 4 KiB I/O, less for larger ones.
/// </remarks>
internal sealed class LaneLoad : IAsyncDisposable
{
    private const int InlineRunLimit = 16;

    private readonly IReadOnlyList<IBlockDevice> _targets;
    private readonly RegisteredBuffer _buffer;
    private readonly int _blockBytes;
    private readonly int _queueDepth;
    private readonly AccessPattern _pattern;
    private readonly ulong _seed;
    private readonly long _blocks;
    private readonly long[] _cursors;
    private DeviceTag[]? _tags;

    public LaneLoad(IReadOnlyList<IBlockDevice> targets, BufferRegistry buffers, int blockBytes, int queueDepth, AccessPattern pattern, ulong seed)
    {
        if (targets.Count == 0) throw new ArgumentException("a load needs at least one target", nameof(targets));
        _targets = targets;
        _blockBytes = blockBytes;
        _queueDepth = queueDepth;
        _pattern = pattern;
        _seed = seed;
        _blocks = targets.Min(t => t.SectorCount * t.SectorSize) / blockBytes;
        if (_blocks == 0) throw new ArgumentException($"{targets[0].Name} is smaller than one {ByteSize.Format(blockBytes)} block");
        _cursors = new long[targets.Count];
        var bufferBytes = checked(queueDepth * blockBytes + AlignedMemory.Alignment - 1) / AlignedMemory.Alignment * AlignedMemory.Alignment;
        _buffer = buffers.Register(bufferBytes);
        new Random((int)seed).NextBytes(_buffer.Span);
    }

    public int BlockBytes => _blockBytes;

    /// <summary>Bytes of each target the load covers: whole blocks of the smallest target.</summary>
    public long SpanBytes => _blocks * _blockBytes;

    /// <summary>Maps the buffer on every target, for tagged runs.</summary>
    public void Map() => _tags ??= [.. _targets.Select(t => t.TryMap(_buffer)
        ?? throw new InvalidOperationException($"{t.Name} cannot pre-map buffers, so there is no tagged path to measure"))];

    /// <summary>Runs every lane until the deadline.</summary>
    public Task<LoadResult> RunAsync(bool write, TimeSpan duration, bool tagged = false) =>
        RunCoreAsync(write, tagged, Lanes.Deadline(duration), onePass: false);

    /// <summary>Writes or reads every block of every target once, front to back.</summary>
    public Task<LoadResult> PassAsync(bool write)
    {
        if (_pattern != AccessPattern.Sequential) throw new InvalidOperationException("a pass needs a sequential load");
        Array.Clear(_cursors);
        return RunCoreAsync(write, tagged: false, long.MaxValue, onePass: true);
    }

    private async Task<LoadResult> RunCoreAsync(bool write, bool tagged, long deadline, bool onePass)
    {
        if (tagged && _tags is null) throw new InvalidOperationException("map the load before a tagged run");
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var phase = await Lanes.RunAsync(_queueDepth, lane => Task.Run(() => LaneAsync(lane, write, tagged, deadline, onePass)));
        return new LoadResult(phase, phase.Ops * _blockBytes, GC.GetTotalAllocatedBytes() - allocatedBefore);
    }

    private async Task<long> LaneAsync(int lane, bool write, bool tagged, long deadline, bool onePass)
    {
        var which = lane % _targets.Count;
        var target = _targets[which];
        var tag = tagged ? _tags![which] : null;
        var sectorsPerBlock = _blockBytes / target.SectorSize;
        var bufferOffset = (long)lane * _blockBytes;
        var memory = _buffer.Memory.Slice((int)bufferOffset, _blockBytes);
        var random = new LaneRandom(_seed, lane);
        long ops = 0;
        var inline = 0;
        while (onePass || Environment.TickCount64 < deadline)
        {
            long block;
            if (_pattern == AccessPattern.Sequential)
            {
                block = Interlocked.Increment(ref _cursors[which]) - 1;
                if (onePass && block >= _blocks) break;
                block %= _blocks;
            }
            else block = random.NextBlock(_blocks);
            var sector = block * sectorsPerBlock;
            var pending = tag is null
                ? write ? target.WriteAsync(sector, memory) : target.ReadAsync(sector, memory)
                : write ? target.WriteTaggedAsync(tag, bufferOffset, sector, sectorsPerBlock) : target.ReadTaggedAsync(tag, bufferOffset, sector, sectorsPerBlock);
            IoResult result;
            if (pending.IsCompleted)
            {
                result = pending.Result;
                if (++inline == InlineRunLimit)
                {
                    inline = 0;
                    await Task.Yield();
                }
            }
            else
            {
                result = await pending;
                inline = 0;
            }
            if (!result.IsOk) throw new IOException($"{target.Name}: benchmark I/O failed: {result}");
            ops++;
        }
        return ops;
    }

    public async ValueTask DisposeAsync()
    {
        if (_tags is not null)
            for (var i = 0; i < _tags.Length; i++) await _targets[i].UnmapAsync(_tags[i]);
        _tags = null;
        _buffer.Dispose();
    }
}
