using Layered.BlockStack;
using Layered.BlockStack.Composition;
using Layered.Cli.Commands.Fs;
using Layered.Fs.Mkfs;
using Layered.Raid;
using Layered.Raid.Assembly;

namespace Layered.Cli.Pool;

/// <summary>
/// Creates the default pool: four sparse image files, a raid5 set over them, and a filesystem on
/// the set. The set is stopped again afterwards; serving assembles it like any later run, so the
/// first run takes the same path every other run does.
/// </summary>
internal static class PoolBuilder
{
    public const string Label = "layered";
    public const string SetName = "pool";

    /// <summary>Returns the manifest and the opened members, ready to be assembled.</summary>
    public static async Task<(PoolManifest Manifest, IReadOnlyList<IBlockDevice> Members)> CreateAsync(PoolLayout layout, long memberBytes, FsContext context, CancellationToken ct)
    {
        var progress = context.Reporter.Progress;
        if (layout.HasLeftovers)
        {
            // No manifest: an earlier first run was stopped before it finished, so nothing was ever mounted from these.
            progress($"found an unfinished pool in {layout.Folder} (no pool.json); creating it again");
            foreach (var path in layout.MemberPaths) File.Delete(path);
        }
        progress($"creating a pool in {layout.Folder}: raid5 over {PoolLayout.MemberCount} sparse images of {ByteSize.Format(memberBytes)}");
        var members = context.Open(layout.MemberPaths, memberBytes);
        Guid arrayId;
        long setBytes;
        Layered.Fs.Format.FsSuperblock superblock;
        await using (var array = await RaidArray.CreateAsync(RaidLevel.Raid5, members, new RaidCreateOptions { Name = SetName }))
        {
            arrayId = array.Store.Current.ArrayId;
            setBytes = array.Device.SectorCount * array.Device.SectorSize;
            progress($"created raid5 set '{SetName}' ({arrayId}): {ByteSize.Format(setBytes)} usable");
            superblock = await FsFormatter.FormatAsync([(IBlockDevice)array.Device], new MkfsOptions { Label = Label }, new Output.LineProgress(progress), ct);
            progress($"made filesystem '{superblock.Label}' ({superblock.FsId}) on the set");
        }
        var manifest = new PoolManifest("raid5", arrayId, superblock.FsId, memberBytes, DateTime.UtcNow);
        manifest.Write(layout.ManifestPath);
        return (manifest, members);
    }
}
