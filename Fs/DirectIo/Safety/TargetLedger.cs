namespace Layered.Fs.DirectIo.Safety;

/// <summary>
/// What the workload knows about one target file's blocks, in the order of a global sequence
/// (<see cref="RaceClock"/>): every generation ever issued to a block, when its write completed,
/// and from when a truncate, punch or zero-range made it dead.
/// </summary>
/// <remarks>
/// A generation dies only when its write had completed before the mutation <em>started</em>,
/// and only for reads that start after the mutation <em>completed</em>: a write still in flight
/// across a mutation may land on either side of it (a recalled session re-acquires and writes
/// into a fresh block), so it stays legitimate until a later mutation covers it.
/// </remarks>
public sealed class TargetLedger(byte file, int blocks)
{
    private sealed class Generation(int block)
    {
        public int Block { get; } = block;
        public long CompletedAt { get; set; } = long.MaxValue;
        public long DeadFrom { get; set; } = long.MaxValue;
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<uint, Generation> _generations = [];
    private readonly List<uint>[] _live = [.. Enumerable.Range(0, blocks).Select(_ => new List<uint>())];

    public byte File { get; } = file;

    public int Blocks { get; } = blocks;

    /// <summary>Before the write is submitted, so a read racing it may see it.</summary>
    public void Issued(int block, uint generation)
    {
        lock (_lock) _generations.Add(generation, new Generation(block));
    }

    public void Completed(int block, uint generation, long at)
    {
        lock (_lock)
        {
            _generations[generation].CompletedAt = at;
            _live[block].Add(generation);
        }
    }

    /// <summary>A mutation over blocks [first, end) ran from <paramref name="startedAt"/> to <paramref name="completedAt"/>.</summary>
    public void Killed(int first, int end, long startedAt, long completedAt)
    {
        lock (_lock)
        {
            for (var block = Math.Max(0, first); block < Math.Min(end, Blocks); block++)
            {
                _live[block].RemoveAll(g =>
                {
                    var generation = _generations[g];
                    if (generation.CompletedAt >= startedAt) return false;
                    generation.DeadFrom = completedAt;
                    return true;
                });
            }
        }
    }

    /// <summary>
    /// Why a word read from <paramref name="block"/> by a read that started at
    /// <paramref name="readStartedAt"/> is wrong, or null when it is zero or a live tag of this block.
    /// </summary>
    public string? Judge(ulong word, int block, long readStartedAt)
    {
        if (word == 0) return null;
        var tag = BlockTag.FromWord(word);
        if (tag.Kind == BlockTag.Scratch) return $"holds {tag}: another file's bytes";
        if (tag.Kind != BlockTag.Target) return $"holds {tag}: bytes no target file wrote (metadata or another owner)";
        if (tag.File != File) return $"holds {tag}: another file's bytes";
        if (tag.Block != block) return $"holds {tag}: freed content of block {tag.Block}, reallocated";
        lock (_lock)
        {
            if (!_generations.TryGetValue(tag.Generation, out var generation) || generation.Block != block)
                return $"holds {tag}, which was never written there";
            if (generation.DeadFrom < readStartedAt)
                return $"holds {tag}, freed content: a mutation removed it (sequence {generation.DeadFrom}) before this read started ({readStartedAt})";
        }
        return null;
    }
}
