using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Memory;
using Layered.Fs.Format;
using Layered.Fs.Volumes;

namespace Layered.Fs.Tests.Format;

public sealed class FormatTests
{
    private static FsSuperblock NewSuperblock(int volumes, string label = "fs") => new()
    {
        FsId = Guid.NewGuid(),
        Label = label,
        BlockSize = 4096,
        VolumeIndex = 0,
        Volumes = [.. Enumerable.Range(0, volumes).Select(i => new VolumeEntry(Guid.NewGuid(), 4096, new BlockAddress(i, 5)))],
        JournalStart = new BlockAddress(0, 16),
        JournalBlocks = 256,
        RootBlock = new BlockAddress(0, 300),
        Transaction = 7,
        Clean = true,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000),
    };

    [Fact]
    public void ASuperblockSurvivesARoundTripWithEveryField()
    {
        var superblock = NewSuperblock(3, "layered") with { VolumeIndex = 2 };
        var block = new byte[FsSuperblock.Bytes];
        superblock.Serialize(block);
        Assert.True(FsSuperblock.TryParse(block, out var parsed, out var error), error);
        Assert.Equal(superblock, parsed);
        Assert.NotEqual(superblock, parsed! with { Volumes = [.. parsed.Volumes.SetItem(1, parsed.Volumes[1] with { Blocks = 5000 })] });
    }

    [Fact]
    public void EverySingleBitFlipIsRejectedAndNothingThrows()
    {
        var block = new byte[FsSuperblock.Bytes];
        NewSuperblock(2).Serialize(block);
        for (var bit = 0; bit < block.Length * 8; bit++)
        {
            block[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(FsSuperblock.TryParse(block, out _, out var error), $"bit {bit} went unnoticed");
            Assert.False(string.IsNullOrEmpty(error));
            block[bit / 8] ^= (byte)(1 << (bit % 8));
        }
        Assert.True(FsSuperblock.TryParse(block, out _, out _));
        Assert.False(FsSuperblock.TryParse(new byte[100], out _, out var shortError));
        Assert.Contains("shorter", shortError);
        Assert.False(FsSuperblock.TryParse(new byte[FsSuperblock.Bytes], out _, out var zeroError));
        Assert.Contains("magic", zeroError);
    }

    [Fact]
    public void AMetadataBlockCatchesAMisdirectedWriteAndAForeignFilesystem()
    {
        var fs = Guid.NewGuid();
        var block = new byte[4096];
        new Random(1).NextBytes(block.AsSpan(MetadataHeader.Bytes));
        MetadataHeader.Seal(block, MetadataKind.ExtentTreeNode, new BlockAddress(1, 77), fs, owner: 12, transaction: 3);
        Assert.Null(MetadataHeader.Verify(block, MetadataKind.ExtentTreeNode, new BlockAddress(1, 77), fs));
        Assert.Contains("misdirected", MetadataHeader.Verify(block, MetadataKind.ExtentTreeNode, new BlockAddress(1, 78), fs));
        Assert.Contains("belongs to filesystem", MetadataHeader.Verify(block, MetadataKind.ExtentTreeNode, new BlockAddress(1, 77), Guid.NewGuid()));
        Assert.Contains("holds ExtentTreeNode", MetadataHeader.Verify(block, MetadataKind.DirectoryTreeNode, new BlockAddress(1, 77), fs));
        Assert.Equal(12UL, MetadataHeader.Owner(block));
        block[1000] ^= 1;
        Assert.Contains("checksum", MetadataHeader.Verify(block, MetadataKind.ExtentTreeNode, new BlockAddress(1, 77), fs));
    }

    [Fact]
    public void BlockAddressesPackVolumeAndBlockIntoOneWord()
    {
        var address = new BlockAddress(200, BlockAddress.MaxBlock);
        Assert.Equal(address, BlockAddress.Unpack(address.Pack()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlockAddress(255, 0).Pack());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlockAddress(0, -1).Pack());
    }

    [Fact]
    public async Task VolumesAreFoundInAnyOrderAndAMissingOrForeignOneIsNamed()
    {
        var superblock = NewSuperblock(3);
        var devices = await WriteVolumesAsync(superblock, "v");
        var set = await VolumeSet.FindAsync([devices[2], devices[0], devices[1]]);
        Assert.Equal(devices, set.Volumes);
        Assert.Equal(superblock.FsId, set.Superblock.FsId);

        var missing = await Assert.ThrowsAsync<VolumeSetException>(() => VolumeSet.FindAsync([devices[0], devices[2]]));
        Assert.Contains($"volume 1 ({superblock.Volumes[1].Id})", missing.Message);

        var foreign = await WriteVolumesAsync(NewSuperblock(1, "other"), "x");
        var withForeign = await VolumeSet.FindAsync([devices[1], foreign[0], devices[0], devices[2]]);
        Assert.Contains(withForeign.Refused, r => r.StartsWith("x0: belongs to filesystem"));

        await using var blank = MemoryDevice.Create(16L << 20, 512, "blank");
        var onlyBlank = await Assert.ThrowsAsync<VolumeSetException>(() => VolumeSet.FindAsync([blank]));
        Assert.Contains("blank: not a Layered filesystem volume", onlyBlank.Message);
    }

    [Fact]
    public async Task TwoDevicesClaimingOneVolumeKeepTheFresherCopy()
    {
        var superblock = NewSuperblock(2);
        var devices = await WriteVolumesAsync(superblock, "v");
        var stale = (await WriteVolumesAsync(superblock with { Transaction = 3 }, "old"))[1];
        var set = await VolumeSet.FindAsync([stale, devices[0], devices[1]]);
        Assert.Same(devices[1], set.Volumes[1]);
        Assert.Contains(set.Refused, r => r.StartsWith("old1: also claims volume 1"));
    }

    private static async Task<IBlockDevice[]> WriteVolumesAsync(FsSuperblock superblock, string prefix)
    {
        var devices = new IBlockDevice[superblock.Volumes.Length];
        using var block = new AlignedMemory(FsSuperblock.Bytes);
        for (var i = 0; i < devices.Length; i++)
        {
            devices[i] = MemoryDevice.Create(16L << 20, 512, $"{prefix}{i}");
            superblock.ForVolume(i).Serialize(block.Span);
            Assert.True((await devices[i].WriteAsync(0, block.Memory)).IsOk);
        }
        return devices;
    }
}
