using System.Globalization;
using System.Text;
using Layered.BlockStack.Uring;
using Layered.Fs.Posix;

namespace Layered.Fs.DirectIo.Safety;

public sealed partial class TruncateRaceWorkload
{
    private const uint FileMode = 0x81A4; // S_IFREG | 0644

    /// <summary>
    /// Fills each volume with an allocated (unwritten) ballast file until about
    /// <see cref="TruncateRaceOptions.FreeBlocksLeft"/> blocks stay free, so the blocks the
    /// mutators free are what the next allocation gets.
    /// </summary>
    private async Task FillWithBallastAsync(CancellationToken ct)
    {
        if (_options.FreeBlocksLeft <= 0) return;
        var volumes = _fs.Volumes.Count;
        for (var volume = 0; volume < volumes; volume++)
        {
            var ballast = await _fs.CreateAsync(FileSystem.RootIno, $"ballast-{volume}", FileMode, 0, 0, ct).ConfigureAwait(false);
            if (volumes > 1) await PlaceAsync(ballast.Ino, volume, ct).ConfigureAwait(false);
            var free = (await _fs.StatFsAsync(ct).ConfigureAwait(false)).FreeBlocks;
            // Volumes are alike, so what is free divides evenly over those not yet filled; volume 0 also holds the journal, hence the retries.
            var want = (free - _options.FreeBlocksLeft * (volumes - volume)) / (volumes - volume);
            for (var attempt = 0; attempt < 12 && want > 0; attempt++, want = want * 3 / 4)
            {
                try
                {
                    await _fs.FallocateAsync(ballast.Ino, FallocateMode.Default, 0, want * BlockSize, ct).ConfigureAwait(false);
                    break;
                }
                catch (FsException error) when (error.Errno == Errno.ENOSPC)
                {
                    // Too much for this volume: try less.
                }
            }
        }
        await _fs.SyncAsync(ct).ConfigureAwait(false);
    }

    private async Task CreateTargetsAsync(CancellationToken ct)
    {
        for (var i = 0; i < _options.TargetFiles; i++)
        {
            var file = await _fs.CreateAsync(FileSystem.RootIno, $"target-{i}", FileMode, 0, 0, ct).ConfigureAwait(false);
            if (_options.PlaceByXattr) await PlaceAsync(file.Ino, i % _fs.Volumes.Count, ct).ConfigureAwait(false);
            _targets.Add((file.Ino, new TargetLedger((byte)(i + 1), _options.TargetBlocks)));
        }
    }

    private Task PlaceAsync(ulong ino, int volume, CancellationToken ct) =>
        _fs.SetXattrAsync(ino, FileSystem.PlacementXattr, Encoding.ASCII.GetBytes(volume.ToString(CultureInfo.InvariantCulture)), ct: ct);

    /// <summary>Judges every block of a read of [firstBlock, ...) of a target file; true when all were clean.</summary>
    private bool Judge(string reader, TargetLedger ledger, int firstBlock, ReadOnlyMemory<byte> data, long readStartedAt)
    {
        var clean = true;
        for (var i = 0; i * BlockSize < data.Length; i++)
        {
            var block = firstBlock + i;
            foreach (var word in BlockTag.DistinctWords(data.Slice(i * BlockSize, BlockSize)))
            {
                if (ledger.Judge(word, block, readStartedAt) is not { } why) continue;
                Violation($"{reader}: f{ledger.File} block {block} {why}");
                clean = false;
                break;
            }
        }
        return clean;
    }

    /// <summary>After every task stopped: each target, read through the filesystem, holds only zeros and live tags.</summary>
    private async Task CheckTargetsAtRestAsync(CancellationToken ct)
    {
        var data = new byte[_options.TargetBlocks * BlockSize];
        foreach (var (ino, ledger) in _targets)
        {
            try
            {
                Array.Clear(data);
                var read = await _fs.ReadAsync(ino, 0, data, ct).ConfigureAwait(false);
                Judge("at rest", ledger, 0, data.AsMemory(0, read / BlockSize * BlockSize), _clock.Tick());
            }
            catch (FsException error)
            {
                Violation($"at rest: reading f{ledger.File} failed: {error.Errno} {error.Message}");
            }
        }
    }
}
