using Layered.Fs.Allocation;

namespace Layered.Fs.Check;

// Blocks: claimed once at most, and the bitmap marks exactly the claimed ones in use.
internal sealed partial class FsScan
{
    /// <summary>Compares references with each volume's bitmap; returns the blocks in use (by the bitmap) and in all.</summary>
    private async Task<(long Used, long Total)> CheckSpaceAsync()
    {
        long used = 0, total = 0;
        for (var volume = 0; volume < _source.Volumes.Count; volume++)
        {
            Progress($"checking free space on volume {volume}");
            var entry = _source.Superblock.Volumes[volume];
            total += entry.Blocks;
            foreach (var (first, second, shared) in _usage.CrossLinks(volume))
                Problem(ProblemKind.CrossLinked, $"volume {volume} blocks {shared} belong both to {MetadataOwner.Describe(first.Owner)} and to {MetadataOwner.Describe(second.Owner)}");
            if (entry.BitmapStart.Volume != volume) continue;
            var bitmap = await BitmapReader.ReadAsync(_source.Cache, volume, entry, _findings, _ct).ConfigureAwait(false);
            used += Runs.Blocks(bitmap.Used);
            var referenced = _usage.Referenced(volume);
            foreach (var run in Runs.Subtract(Runs.Subtract(referenced, bitmap.Used), bitmap.Unknown))
                Problem(ProblemKind.AllocationMissing, $"volume {volume} blocks {run} are used by {_usage.OwnerOf(volume, run.Start)} but free in the bitmap",
                    new RepairAction(RepairKind.SetBits) { Volume = volume, Extent = run, Used = true });
            foreach (var run in Runs.Subtract(Runs.Subtract(bitmap.Used, referenced), bitmap.Unknown))
                Problem(ProblemKind.LeakedBlock, $"volume {volume} blocks {run} are marked in use but nothing refers to them",
                    new RepairAction(RepairKind.SetBits) { Volume = volume, Extent = run, Used = false });
        }
        return (used, total);
    }
}
