using System.Buffers.Binary;
using Layered.BlockStack.Uring;

namespace Layered.Fs.DirectIo.Safety;

public sealed partial class TruncateRaceWorkload
{
    /// <summary>A scratch file: written once through the filesystem, checked, then unlinked, freeing its blocks in turn.</summary>
    private sealed record ScratchFile(ulong Ino, string Name, uint Id, int Blocks);

    private readonly Queue<ScratchFile> _scratch = new();
    private uint _nextScratch;

    /// <summary>
    /// Checkpoints (so freed blocks become allocatable), writes a new scratch file into whatever
    /// is free, checks one, and retires the oldest once enough are alive.
    /// </summary>
    private async Task ScratchLoopAsync(CancellationToken stop)
    {
        var rng = Rng(200);
        var paced = 0L;
        while (!stop.IsCancellationRequested)
        {
            // One round per mutation: checkpoints take the metadata lock, and more of them would only slow the race down.
            while (Interlocked.Read(ref _mutations) <= paced && !stop.IsCancellationRequested) await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
            paced = Interlocked.Read(ref _mutations);
            await _fs.SyncAsync(CancellationToken.None).ConfigureAwait(false);
            if (_scratch.Count >= _options.ScratchFiles)
            {
                var oldest = _scratch.Dequeue();
                await CheckScratchAsync(oldest, CancellationToken.None).ConfigureAwait(false);
                await _fs.UnlinkAsync(FileSystem.RootIno, oldest.Name, CancellationToken.None).ConfigureAwait(false);
            }
            if (await WriteScratchAsync(rng.Next(1, _options.ScratchMaxBlocks + 1)) is { } written) _scratch.Enqueue(written);
            if (_scratch.Count > 0) await CheckScratchAsync(_scratch.ElementAt(rng.Next(_scratch.Count)), CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref _iterations);
        }
    }

    private async Task<ScratchFile?> WriteScratchAsync(int blocks)
    {
        var id = ++_nextScratch;
        var name = $"scratch-{id}";
        var file = await _fs.CreateAsync(FileSystem.RootIno, name, FileMode, 0, 0).ConfigureAwait(false);
        if (_options.PlaceByXattr) await PlaceAsync(file.Ino, (int)(id % (uint)_fs.Volumes.Count), CancellationToken.None).ConfigureAwait(false);
        var data = new byte[blocks * BlockSize];
        for (var block = 0; block < blocks; block++)
            new BlockTag(BlockTag.Scratch, 0, (ushort)block, id).Fill(data.AsSpan(block * BlockSize, BlockSize));
        try
        {
            await _fs.WriteAsync(file.Ino, 0, data).ConfigureAwait(false);
        }
        catch (FsException error) when (error.Errno == Errno.ENOSPC)
        {
            Interlocked.Increment(ref _noSpace);
            await _fs.UnlinkAsync(FileSystem.RootIno, name).ConfigureAwait(false);
            return null;
        }
        Interlocked.Increment(ref _scratchWritten);
        return new ScratchFile(file.Ino, name, id, blocks);
    }

    /// <summary>A scratch file must hold exactly its own pattern: anything else is a write that landed in a block its writer no longer owned.</summary>
    private async Task CheckScratchAsync(ScratchFile file, CancellationToken ct)
    {
        Interlocked.Increment(ref _scratchChecks);
        var data = new byte[file.Blocks * BlockSize];
        var read = await _fs.ReadAsync(file.Ino, 0, data, ct).ConfigureAwait(false);
        if (read != data.Length)
        {
            Violation($"{file.Name}: read {read} of its {data.Length} bytes");
            return;
        }
        for (var block = 0; block < file.Blocks; block++)
        {
            var expected = new BlockTag(BlockTag.Scratch, 0, (ushort)block, file.Id).Word;
            for (var at = block * BlockSize; at < (block + 1) * BlockSize; at += 8)
            {
                var word = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at));
                if (word == expected) continue;
                Violation($"{file.Name} block {block} holds {BlockTag.FromWord(word)} where its own pattern belongs: a write landed in a block its writer no longer owned");
                break;
            }
        }
    }

    private async Task CheckScratchAtRestAsync(CancellationToken ct)
    {
        foreach (var file in _scratch) await CheckScratchAsync(file, ct).ConfigureAwait(false);
    }
}
