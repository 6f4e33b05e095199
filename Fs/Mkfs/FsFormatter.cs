using Layered.BlockStack;
using Layered.Fs.Allocation;
using Layered.Fs.Cache;
using Layered.Fs.Format;
using Layered.Fs.Inodes;
using Layered.Fs.Journal;
using Layered.Fs.Posix;
using Layered.Fs.Trees;
using Layered.Fs.Volumes;

namespace Layered.Fs.Mkfs;

/// <summary>
/// mkfs: lays a new filesystem over 1..64 volumes. Volume 0 holds the superblock, the root
/// block, the journal and its bitmap; every other volume a superblock and its bitmap. The root
/// directory is inode 1. Layout: docs/format.md, "Volume layout".
/// </summary>
public static class FsFormatter
{
    public const long MinJournalBlocks = 64;

    public static async Task<FsSuperblock> FormatAsync(IReadOnlyList<IBlockDevice> devices, MkfsOptions options, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var blockSize = options.BlockSize;
        if (devices.Count is 0 or > FsSuperblock.MaxVolumes) throw new ArgumentException($"a filesystem spans 1..{FsSuperblock.MaxVolumes} volumes, not {devices.Count}");
        if (blockSize is not (4096 or 8192 or 16384 or 65536)) throw new ArgumentException($"block size {blockSize} is not 4096, 8192, 16384 or 65536");
        if (devices.Distinct().Count() != devices.Count) throw new ArgumentException("a device is listed twice");
        foreach (var device in devices)
        {
            if (blockSize % device.SectorSize != 0) throw new ArgumentException($"{device.Name}: its {device.SectorSize}-byte sectors do not divide the {blockSize}-byte block");
            if (device.SectorCount * device.SectorSize / blockSize < 256) throw new ArgumentException($"{device.Name}: {device.SectorCount * device.SectorSize} bytes is smaller than 256 blocks");
        }
        var blocks = devices.Select(d => d.SectorCount * d.SectorSize / blockSize).ToArray();
        var journalBlocks = JournalBlocks(options, blocks[0], blockSize);
        var bitmapStarts = blocks.Select((_, i) => i == 0 ? 2 + journalBlocks : 1L).ToArray();
        var fsId = options.FsId ?? Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var superblock = new FsSuperblock
        {
            FsId = fsId,
            Label = options.Label,
            BlockSize = blockSize,
            VolumeIndex = 0,
            Volumes = [.. blocks.Select((b, i) => new VolumeEntry(Guid.NewGuid(), b, new BlockAddress(i, bitmapStarts[i])))],
            JournalStart = new BlockAddress(0, 2),
            JournalBlocks = journalBlocks,
            RootBlock = FsRoot.Address,
            Transaction = 0,
            Clean = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (superblock.Validate() is { } invalid) throw new ArgumentException(invalid);

        progress?.Report($"journal: {journalBlocks} blocks on {devices[0].Name}");
        await MetadataJournal.FormatAsync(devices, JournalGeometry.Of(superblock), ct).ConfigureAwait(false);
        var cache = new MetadataCache(devices, fsId, blockSize, int.MaxValue, logger: null);
        var spaces = new VolumeSpace[devices.Count];
        for (var i = 0; i < devices.Count; i++)
        {
            progress?.Report($"volume {i} ({devices[i].Name}): {blocks[i]} blocks, bitmap at block {bitmapStarts[i]}");
            var reservedEnd = bitmapStarts[i] + VolumeSpace.BitmapBlocks(blocks[i], blockSize);
            spaces[i] = await VolumeSpace.FormatAsync(cache, i, bitmapStarts[i], blocks[i], [new BlockExtent(0, reservedEnd)], ct).ConfigureAwait(false);
            await cache.WriteDirtyHomeAsync(ct).ConfigureAwait(false);
        }
        cache.MetadataVolume = spaces[0];
        cache.MetadataGoal = bitmapStarts[0] + VolumeSpace.BitmapBlocks(blocks[0], blockSize);

        var root = new FsRoot { NextInode = FileSystem.RootIno + 1, Inodes = 1 };
        var rootBlock = cache.Create(FsRoot.Address, MetadataKind.FsRoot, 0);
        var inodes = new InodeStore(new BTree(cache, MetadataKind.InodeTreeNode, () => root.InodeTree, a => root.InodeTree = a));
        var nowNs = FileSystem.NowNs();
        await inodes.PutAsync(FileSystem.RootIno, new InodeRecord
        {
            Mode = UnixMode.Make(FileKind.Directory, 0x1ED),
            Links = 2,
            AccessNs = nowNs,
            ModifyNs = nowNs,
            ChangeNs = nowNs,
            BirthNs = nowNs,
            Generation = 1,
            Parent = FileSystem.RootIno,
        }, ct).ConfigureAwait(false);
        root.Write(rootBlock.Body);
        await cache.WriteDirtyHomeAsync(ct).ConfigureAwait(false);

        superblock = superblock with { Transaction = cache.NextTransaction - 1 };
        await VolumeSet.WriteSuperblocksAsync(devices, superblock).ConfigureAwait(false);
        progress?.Report($"filesystem {fsId} ({options.Label}) over {devices.Count} volume(s), {blockSize}-byte blocks");
        return superblock;
    }

    private static long JournalBlocks(MkfsOptions options, long volumeBlocks, int blockSize)
    {
        var bytes = options.JournalBytes > 0 ? options.JournalBytes : Math.Clamp(volumeBlocks * blockSize / 100, 4L << 20, 128L << 20);
        var journal = Math.Max(MinJournalBlocks, bytes / blockSize);
        if (journal > volumeBlocks / 2) journal = Math.Max(MinJournalBlocks, volumeBlocks / 4);
        if (journal + 2 >= volumeBlocks / 2) throw new ArgumentException($"volume 0 ({volumeBlocks} blocks) is too small for a {journal}-block journal");
        return journal;
    }
}
