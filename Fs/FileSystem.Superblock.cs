using Layered.Fs.Volumes;

namespace Layered.Fs;

public sealed partial class FileSystem
{

    /// <summary>Marks the volumes clean (unmounted after a checkpoint) or in use, stamped with the last transaction.</summary>
    private async ValueTask WriteSuperblocksAsync(bool clean)
    {
        var current = Superblock with
        {
            Clean = clean,
            Transaction = _cache.NextTransaction - 1,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await VolumeSet.WriteSuperblocksAsync(Volumes, current).ConfigureAwait(false);
    }
}
