using System.Buffers.Binary;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.Fs.Allocation;
using Layered.Fs.Format;
using Layered.Fs.Trees;

namespace Layered.Fs.Tests.Check;

/// <summary>
/// Raw damage to an unmounted filesystem: blocks read and written straight on the devices,
/// either re-sealed (checksum sound, meaning wrong) or left with a bad checksum.
/// </summary>
internal static class Damage
{
    public const int BlockSize = 4096;

    public static async Task<byte[]> ReadBlockAsync(IBlockDevice device, long block)
    {
        using var buffer = new AlignedMemory(BlockSize);
        var result = await device.ReadAsync(block * (BlockSize / device.SectorSize), buffer.Memory);
        Assert.True(result.IsOk, result.ToString());
        return buffer.Span.ToArray();
    }

    public static async Task WriteBlockAsync(IBlockDevice device, long block, byte[] data)
    {
        using var buffer = new AlignedMemory(BlockSize);
        data.CopyTo(buffer.Span);
        var result = await device.WriteAsync(block * (BlockSize / device.SectorSize), buffer.Memory);
        Assert.True(result.IsOk, result.ToString());
    }

    /// <summary>Changes a metadata block and seals it again with its own header fields, so only its meaning is wrong.</summary>
    public static async Task ResealAsync(IBlockDevice device, long block, Guid fsId, Action<byte[]> change)
    {
        var data = await ReadBlockAsync(device, block);
        change(data);
        var kind = (MetadataKind)BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(4));
        var address = BlockAddress.Unpack(BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(16)));
        MetadataHeader.Seal(data, kind, address, fsId, MetadataHeader.Owner(data), MetadataHeader.Transaction(data));
        await WriteBlockAsync(device, block, data);
    }

    /// <summary>Flips one bit of a block without resealing it, so its checksum fails.</summary>
    public static async Task FlipBitAsync(IBlockDevice device, long block, int byteOffset = 200)
    {
        var data = await ReadBlockAsync(device, block);
        data[byteOffset] ^= 0x04;
        await WriteBlockAsync(device, block, data);
    }

    /// <summary>Sets or clears the bitmap bit of <paramref name="block"/> on <paramref name="volume"/>.</summary>
    public static Task SetBitmapBitAsync(IBlockDevice[] devices, FsSuperblock superblock, int volume, long block, bool used)
    {
        var covered = VolumeSpace.BlocksCovered(BlockSize);
        var bitmapBlock = superblock.Volumes[volume].BitmapStart.Block + block / covered;
        var bit = (int)(block % covered);
        return ResealAsync(devices[volume], bitmapBlock, superblock.FsId, data =>
        {
            ref var b = ref data[MetadataHeader.Bytes + bit / 8];
            b = used ? (byte)(b | (1 << (bit % 8))) : (byte)(b & ~(1 << (bit % 8)));
        });
    }

    /// <summary>Finds the leaf among <paramref name="nodes"/> holding <paramref name="key"/> and changes that item's value in place.</summary>
    public static async Task PatchItemAsync(IBlockDevice[] devices, Guid fsId, IReadOnlyList<BlockAddress> nodes, TreeKey key, Action<Span<byte>> patch)
    {
        foreach (var node in nodes)
        {
            var data = await ReadBlockAsync(devices[node.Volume], node.Block);
            var body = data.AsSpan(MetadataHeader.Bytes);
            if (NodeLayout.Level(body) != 0) continue;
            var index = LeafNode.Search(body, key);
            if (index < 0) continue;
            await ResealAsync(devices[node.Volume], node.Block, fsId, d =>
            {
                var b = d.AsSpan(MetadataHeader.Bytes);
                patch(b.Slice(LeafNode.ValueOffset(b, index), LeafNode.ValueLength(b, index)));
            });
            return;
        }
        Assert.Fail($"no leaf holds {key}");
    }

    /// <summary>The first node of a tree that is a leaf (the root, in a small tree).</summary>
    public static async Task<BlockAddress> LeafAsync(IBlockDevice[] devices, IReadOnlyList<BlockAddress> nodes)
    {
        foreach (var node in nodes)
            if (NodeLayout.Level((await ReadBlockAsync(devices[node.Volume], node.Block)).AsSpan(MetadataHeader.Bytes)) == 0) return node;
        throw new InvalidOperationException("the tree has no leaf");
    }
}
