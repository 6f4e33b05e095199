using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using Layered.Leases;

namespace Layered.Fs.DirectIo.Safety;

public sealed partial class TruncateRaceWorkload
{
    /// <summary>How long the deaf session stays away after it was fenced, so breakers are not all slowed by its break time.</summary>
    private static readonly TimeSpan s_deafPause = TimeSpan.FromMilliseconds(200);

    /// <summary>One op of a batch as the workload planned it: which target, which blocks, which generations.</summary>
    private readonly record struct PlannedOp(int Target, int FirstBlock, int Blocks, bool Write, uint[] Generations);

    /// <summary>A session registered on every target, reading and writing random runs of blocks.</summary>
    private async Task CooperativeLoopAsync(BufferRegistry registry, int index, CancellationToken stop)
    {
        using var buffer = registry.Register(_options.BatchOps * _options.MaxOpBlocks * BlockSize);
        await using var session = new DirectSession(_fs, new DirectSessionOptions { Name = $"race-{index}" });
        await DirectLoopAsync(session, buffer, index, writes: true, deaf: false, stop).ConfigureAwait(false);
    }

    /// <summary>A session under read layouts: it only reads, and any allocation into a hole under it recalls it.</summary>
    private async Task ReadLayoutLoopAsync(BufferRegistry registry, CancellationToken stop)
    {
        using var buffer = registry.Register(_options.BatchOps * _options.MaxOpBlocks * BlockSize);
        await using var session = new DirectSession(_fs, new DirectSessionOptions { Name = "race-reader", Mode = LeaseMode.Read });
        await DirectLoopAsync(session, buffer, 1000, writes: false, deaf: false, stop).ConfigureAwait(false);
    }

    /// <summary>A session that ignores recalls: breakers fence it, its late ops complete ESTALE, and it registers again later.</summary>
    private async Task DeafLoopAsync(BufferRegistry registry, CancellationToken stop)
    {
        using var buffer = registry.Register(_options.BatchOps * _options.MaxOpBlocks * BlockSize);
        await using var session = new DirectSession(_fs, new DirectSessionOptions { Name = "race-deaf", IgnoreRecalls = true });
        await DirectLoopAsync(session, buffer, 2000, writes: true, deaf: true, stop).ConfigureAwait(false);
    }

    /// <summary>The buffer is the caller's: it must outlive the session, whose disposal unmaps its tags.</summary>
    private async Task DirectLoopAsync(DirectSession session, RegisteredBuffer buffer, int stream, bool writes, bool deaf, CancellationToken stop)
    {
        var rng = Rng(stream);
        var opBytes = _options.MaxOpBlocks * BlockSize;
        var b = session.RegisterBuffer(buffer);
        // The deaf session holds one file only, so one file's breakers pay its break time.
        var targets = deaf ? [0] : Enumerable.Range(0, _targets.Count).ToArray();
        var handles = new int[_targets.Count];
        foreach (var t in targets) handles[t] = await session.RegisterFileAsync(_targets[t].Ino, stop).ConfigureAwait(false);
        SessionReady();
        var ops = new DirectOp[_options.BatchOps];
        var plan = new PlannedOp[_options.BatchOps];
        // A fence drains the batch in flight, which lands; only the next batch sees ESTALE. So once
        // stopped, a deaf session fenced since its last stale batch issues one batch more, and
        // every fence of the run shows as stale completions.
        var fencesSeen = _fs.Leases.Counters.Fences;
        var lastBatch = false;
        while (!stop.IsCancellationRequested || (deaf && !lastBatch && _fs.Leases.Counters.Fences > fencesSeen))
        {
            lastBatch = stop.IsCancellationRequested;
            for (var i = 0; i < ops.Length; i++)
            {
                var target = targets[rng.Next(targets.Length)];
                var blocks = rng.Next(1, _options.MaxOpBlocks + 1);
                var first = rng.Next(0, _options.TargetBlocks - blocks + 1);
                var write = writes && rng.Next(2) == 0;
                var generations = write ? FillForWrite(buffer, i * opBytes, target, first, blocks) : [];
                plan[i] = new PlannedOp(target, first, blocks, write, generations);
                ops[i] = new DirectOp(write ? DirectOpKind.Write : DirectOpKind.Read, handles[target], (long)first * BlockSize,
                    blocks * BlockSize, b, (long)i * opBytes, (ulong)i);
            }
            var readStartedAt = _clock.Tick();
            var completions = await session.SubmitAsync(ops, CancellationToken.None).ConfigureAwait(false);
            var completedAt = _clock.Tick();
            var stale = false;
            for (var i = 0; i < ops.Length; i++)
                stale |= Reap(session.Name, deaf, plan[i], completions[i], buffer.Memory.Slice(i * opBytes, plan[i].Blocks * BlockSize), readStartedAt, completedAt);
            Interlocked.Increment(ref _iterations);
            if (stale)
            {
                fencesSeen = _fs.Leases.Counters.Fences;
                if (lastBatch) break;
                // Fenced: the file answers ESTALE until it is registered again, which takes a fresh lease.
                await Task.Delay(s_deafPause, stop).ConfigureAwait(false);
                foreach (var t in targets)
                {
                    await session.UnregisterFileAsync(handles[t]).ConfigureAwait(false);
                    handles[t] = await session.RegisterFileAsync(_targets[t].Ino, stop).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Fills an op's part of the buffer with fresh generations, each announced to the ledger before it can land.</summary>
    private uint[] FillForWrite(RegisteredBuffer buffer, int bufferOffset, int target, int first, int blocks)
    {
        var ledger = _targets[target].Ledger;
        var generations = new uint[blocks];
        for (var i = 0; i < blocks; i++)
        {
            generations[i] = NextGeneration();
            ledger.Issued(first + i, generations[i]);
            new BlockTag(BlockTag.Target, ledger.File, (ushort)(first + i), generations[i]).Fill(buffer.Span.Slice(bufferOffset + i * BlockSize, BlockSize));
        }
        return generations;
    }

    /// <summary>Books one completion; true when it was the expected ESTALE of a fenced deaf session.</summary>
    private bool Reap(string session, bool deaf, PlannedOp op, DirectCompletion completion, ReadOnlyMemory<byte> data, long readStartedAt, long completedAt)
    {
        var ledger = _targets[op.Target].Ledger;
        Interlocked.Increment(ref op.Write ? ref _writes : ref _reads);
        if (completion.IsOk)
        {
            if (op.Write)
                for (var i = 0; i < op.Blocks; i++) ledger.Completed(op.FirstBlock + i, op.Generations[i], completedAt);
            else Judge($"{session} read", ledger, op.FirstBlock, data, readStartedAt);
            return false;
        }
        if (completion.Errno == Errno.ENOSPC)
        {
            Interlocked.Increment(ref _noSpace);
            return false;
        }
        if (deaf && completion.Errno == Errno.ESTALE)
        {
            Interlocked.Increment(ref _stale);
            return true;
        }
        Violation($"{session}: {(op.Write ? "write" : "read")} of f{ledger.File} blocks {op.FirstBlock}..{op.FirstBlock + op.Blocks - 1} failed: {completion.Errno}");
        return false;
    }
}
