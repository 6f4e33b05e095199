using Layered.BlockStack.Uring;
using Layered.Fs.Posix;

namespace Layered.Fs.DirectIo.Safety;

public sealed partial class TruncateRaceWorkload
{
    private enum Mutation
    {
        Truncate,
        Punch,
        ZeroRange,
        Extend,
        Allocate,
    }

    /// <summary>Truncates, punches, zeroes and re-extends random ranges of random targets until told to stop or the count is reached.</summary>
    private async Task MutatorLoopAsync(int index, CancellationTokenSource stop)
    {
        var rng = Rng(100 + index);
        await _sessionsReady.Task.WaitAsync(stop.Token).ConfigureAwait(false);
        var pacedAt = 0L;
        while (!stop.IsCancellationRequested)
        {
            while (DirectOps < pacedAt + _options.OpsPerMutation && !stop.IsCancellationRequested)
                await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
            pacedAt = DirectOps;
            if (_options.Mutations > 0 && Interlocked.Increment(ref _mutations) > _options.Mutations)
            {
                Interlocked.Decrement(ref _mutations);
                return;
            }
            if (_options.Mutations <= 0) Interlocked.Increment(ref _mutations);
            var target = rng.Next(_targets.Count);
            var kind = (Mutation)rng.Next(5);
            var first = rng.Next(0, _options.TargetBlocks);
            var count = rng.Next(1, Math.Max(2, (_options.TargetBlocks - first) / 2 + 1));
            await MutateAsync(target, kind, first, count).ConfigureAwait(false);
            Interlocked.Increment(ref _iterations);
        }
    }

    private long DirectOps => Interlocked.Read(ref _reads) + Interlocked.Read(ref _writes);

    /// <summary>
    /// One mutation, booked in the ledger: the blocks it takes away die for reads that start
    /// after it returned. Mutations are not cancelled midway, so the books stay exact.
    /// </summary>
    private async Task MutateAsync(int target, Mutation kind, int first, int count)
    {
        var (ino, ledger) = _targets[target];
        var end = Math.Min(first + count, _options.TargetBlocks);
        var startedAt = _clock.Tick();
        try
        {
            switch (kind)
            {
                case Mutation.Truncate:
                    await _fs.SetAttrAsync(ino, new SetAttributes { Size = (long)first * BlockSize }).ConfigureAwait(false);
                    end = _options.TargetBlocks;
                    break;
                case Mutation.Punch:
                    await _fs.FallocateAsync(ino, FallocateMode.PunchHole | FallocateMode.KeepSize, (long)first * BlockSize, (long)(end - first) * BlockSize).ConfigureAwait(false);
                    break;
                case Mutation.ZeroRange:
                    await _fs.FallocateAsync(ino, FallocateMode.ZeroRange | FallocateMode.KeepSize, (long)first * BlockSize, (long)(end - first) * BlockSize).ConfigureAwait(false);
                    break;
                case Mutation.Extend:
                    await _fs.SetAttrAsync(ino, new SetAttributes { Size = (long)_options.TargetBlocks * BlockSize }).ConfigureAwait(false);
                    return;
                case Mutation.Allocate:
                    await _fs.FallocateAsync(ino, FallocateMode.Default, (long)first * BlockSize, (long)(end - first) * BlockSize).ConfigureAwait(false);
                    return;
            }
        }
        catch (FsException error) when (error.Errno == Errno.ENOSPC)
        {
            // Zero-range allocates; the volumes are kept nearly full on purpose. Nothing was taken away.
            Interlocked.Increment(ref _noSpace);
            return;
        }
        catch (FsException error)
        {
            Violation($"{kind} of f{ledger.File} blocks {first}..{end - 1} failed: {error.Errno} {error.Message}");
            return;
        }
        ledger.Killed(first, end, startedAt, _clock.Tick());
    }
}
