using Layered.BlockStack.Uring;
using Layered.Fs.Format;
using Microsoft.Extensions.Logging;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    private readonly int _commitThreshold;
    private string? _failure;

    /// <summary>
    /// Runs one metadata operation under the metadata lock. A change that fails halfway (a device
    /// error, a corrupt block) cannot be half-committed: the running transaction is thrown away
    /// and the filesystem turns read-only, the way a kernel filesystem does on errors.
    /// </summary>
    private async Task<T> RunAsync<T>(bool mutates, Func<CancellationToken, ValueTask<T>> operation, CancellationToken ct, bool frees = false)
    {
        await _meta.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (mutates && (ReadOnly || _failure is not null))
                throw new FsException(Errno.EROFS, _failure is null ? "the filesystem is mounted read-only" : $"the filesystem turned read-only after an error: {_failure}");
            if (mutates && !frees) await RequireMetadataHeadroomAsync(ct).ConfigureAwait(false);
            var changesBefore = _cache.Changes;
            try
            {
                // Cancellation reaches a change only while it waits for the lock: a journaled change
                // stopped halfway could not be undone, so once it starts it finishes.
                var result = await operation(mutates ? CancellationToken.None : ct).ConfigureAwait(false);
                if (mutates) await AfterChangeAsync(CancellationToken.None).ConfigureAwait(false);
                return result;
            }
            catch (Exception error) when (mutates && (_cache.Changes != changesBefore || error is FsException { Errno: Errno.EIO or Errno.EUCLEAN }))
            {
                await FailAsync(error).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _cache.Trim();
            _meta.Release();
        }
    }

    private Task RunAsync(bool mutates, Func<CancellationToken, ValueTask> operation, CancellationToken ct, bool frees = false) =>
        RunAsync(mutates, async token => { await operation(token).ConfigureAwait(false); return true; }, ct, frees);

    /// <summary>
    /// Metadata blocks an operation may need. A change that runs out of them halfway cannot be
    /// undone, so it is refused (ENOSPC) before it starts; operations that free space go ahead,
    /// and this headroom is what they use.
    /// </summary>
    private long MetadataHeadroom => Math.Min(64, _spaces[0].TotalBlocks / 64);

    private async ValueTask RequireMetadataHeadroomAsync(CancellationToken ct)
    {
        if (_spaces[0].AllocatableBlocks >= MetadataHeadroom) return;
        if (_spaces[0].PendingBlocks > 0) await _cache.CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
        if (_spaces[0].AllocatableBlocks < MetadataHeadroom)
            throw new FsNoSpaceException($"volume 0 has {_spaces[0].AllocatableBlocks} free blocks, fewer than the {MetadataHeadroom} kept for metadata");
    }

    private async ValueTask FailAsync(Exception error)
    {
        _failure ??= error.Message;
        _logger?.LogError(error, "filesystem {Label} turns read-only: {Message}", Superblock.Label, error.Message);
        _cache.AbortRunning();
        try
        {
            var block = await _cache.ReadAsync(FsRoot.Address, MetadataKind.FsRoot).ConfigureAwait(false);
            _root.CopyFrom(FsRoot.Read(block.Body));
        }
        catch (FsException reload)
        {
            _logger?.LogError("the root block cannot be reloaded: {Message}", reload.Message);
        }
    }

    /// <summary>Metadata blocks the running transaction has changed (the next commit's size).</summary>
    internal int DirtyMetadataBlocks => _cache.DirtyBlocks;

    /// <summary>Keeps the running transaction within what one journal commit holds.</summary>
    private async ValueTask AfterChangeAsync(CancellationToken ct)
    {
        await _cache.ApplyFreesAsync(ct).ConfigureAwait(false);
        if (_cache.DirtyBlocks >= _commitThreshold) await CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Commits; checkpoints when the journal is half full. Caller holds the metadata lock.</summary>
    private async ValueTask CommitAsync(CancellationToken ct)
    {
        await _cache.CommitAsync(ct).ConfigureAwait(false);
        if (_cache.JournalHalfFull) await _cache.CheckpointAsync(ct).ConfigureAwait(false);
    }

    /// <summary>For loops inside one operation (freeing a huge file): commit between steps, each a consistent state.</summary>
    private ValueTask StepAsync(CancellationToken ct) => AfterChangeAsync(ct);

    /// <summary>Commits and checkpoints everything, so the volumes alone hold the filesystem.</summary>
    public Task SyncAsync(CancellationToken ct = default) =>
        ReadOnly ? Task.CompletedTask : RunAsync(mutates: true, ct => _cache.CheckpointAsync(ct), ct);

    /// <summary>
    /// fsync and fdatasync: the file's data was written to its devices by write, so committing
    /// the running transaction (which flushes every volume first) makes data and metadata durable.
    /// A commit that fails turns the filesystem read-only, like any failed change.
    /// </summary>
    public Task FsyncAsync(ulong ino, bool dataOnly = false, CancellationToken ct = default) =>
        RunAsync(mutates: !ReadOnly, async ct =>
        {
            await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            if (!ReadOnly) await CommitAsync(ct).ConfigureAwait(false);
        }, ct);

    private CancellationTokenSource? _commitLoopStop;
    private Task? _commitLoop;

    private void StartCommitLoop()
    {
        if (_options.CommitIntervalMs <= 0) return;
        _commitLoopStop = new CancellationTokenSource();
        var stop = _commitLoopStop.Token;
        _commitLoop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(_options.CommitIntervalMs, stop).ConfigureAwait(false);
                    if (_failure is not null) return;
                    await RunAsync(mutates: true, async ct =>
                    {
                        if (_cache.DirtyBlocks > 0) await CommitAsync(ct).ConfigureAwait(false);
                    }, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) { return; }
                catch (Exception error) { _logger?.LogError(error, "periodic commit failed"); }
            }
        });
    }

    private async ValueTask StopCommitLoopAsync()
    {
        if (_commitLoopStop is null) return;
        await _commitLoopStop.CancelAsync().ConfigureAwait(false);
        if (_commitLoop is not null) await _commitLoop.ConfigureAwait(false);
        _commitLoopStop.Dispose();
        _commitLoopStop = null;
    }
}
