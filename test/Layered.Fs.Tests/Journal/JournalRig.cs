using System.Buffers.Binary;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Memory;
using Layered.Fs.Format;
using Layered.Fs.Journal;
using Microsoft.Extensions.Logging;

namespace Layered.Fs.Tests.Journal;

/// <summary>
/// Volumes with a journal on volume 0 and a pool of home blocks after it, plus the images a
/// filesystem would journal: sealed metadata blocks whose body names the transaction and entry.
/// </summary>
internal sealed class JournalRig
{
    public const int BlockSize = 4096;

    public JournalRig(IReadOnlyList<IBlockDevice> volumes, long journalBlocks, long journalStart = 1)
    {
        Volumes = volumes;
        Geometry = new JournalGeometry(new BlockAddress(0, journalStart), journalBlocks, BlockSize, Guid.NewGuid());
    }

    public static JournalRig OnMemory(long journalBlocks, int volumes = 1, long volumeBlocks = 4096, int maxTransferBytes = DeviceGeometry.DefaultMaxTransferBytes) =>
        new([.. Enumerable.Range(0, volumes).Select(i =>
            new MemoryDevice(new DeviceGeometry($"mem{i}", Guid.NewGuid(), 512, volumeBlocks * BlockSize / 512, maxTransferBytes)))], journalBlocks);

    public IReadOnlyList<IBlockDevice> Volumes { get; }

    public JournalGeometry Geometry { get; }

    public ListLogger Logger { get; } = new();

    /// <summary>The first block after the journal on volume 0: where homes may start.</summary>
    public long FirstFreeBlock => Geometry.Start.Block + Geometry.Blocks;

    public async Task<MetadataJournal> FormatAndOpenAsync()
    {
        await MetadataJournal.FormatAsync(Volumes, Geometry);
        var journal = await OpenAsync();
        await journal.ReplayAsync();
        return journal;
    }

    public ValueTask<MetadataJournal> OpenAsync() => MetadataJournal.OpenAsync(Volumes, Geometry, Logger);

    public byte[] Image(BlockAddress home, ulong transaction, int entry) => Image(Geometry, home, transaction, entry);

    /// <summary>A sealed metadata block that could only have come from this transaction's entry.</summary>
    public static byte[] Image(JournalGeometry geometry, BlockAddress home, ulong transaction, int entry)
    {
        var block = new byte[BlockSize];
        BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(64), transaction);
        BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(72), entry);
        new Random(unchecked((int)(home.Pack() * 31 + transaction * 1_000_003 + (ulong)entry))).NextBytes(block.AsSpan(128));
        MetadataHeader.Seal(block, MetadataKind.InodeTreeNode, home, geometry.FsId, (ulong)entry, transaction);
        return block;
    }

    public JournalEntry[] Entries(ulong transaction, params BlockAddress[] homes) =>
        [.. homes.Select((home, i) => new JournalEntry(home, Image(home, transaction, i)))];

    public BlockAddress Home(long index, int volume = 0) => new(volume, (volume == 0 ? FirstFreeBlock : 0) + index);

    public Task<byte[]> ReadAsync(BlockAddress address) => ReadAsync(Volumes[address.Volume], address.Block, 1);

    public static async Task<byte[]> ReadAsync(IBlockDevice device, long block, int blocks)
    {
        using var buffer = new AlignedMemory(blocks * BlockSize);
        var result = await device.ReadAsync(block * BlockSize / device.SectorSize, buffer.Memory);
        Assert.True(result.IsOk, $"reading {device.Name} block {block}: {result}");
        return buffer.Span.ToArray();
    }

    public static async Task WriteAsync(IBlockDevice device, long block, byte[] data)
    {
        using var buffer = new AlignedMemory(data.Length);
        data.CopyTo(buffer.Span);
        var result = await device.WriteAsync(block * BlockSize / device.SectorSize, buffer.Memory);
        Assert.True(result.IsOk, $"writing {device.Name} block {block}: {result}");
    }

    /// <summary>Flips one bit of the block at <paramref name="address"/>, as media decay would.</summary>
    public async Task FlipBitAsync(BlockAddress address, int byteOffset)
    {
        var block = await ReadAsync(address);
        block[byteOffset] ^= 0x10;
        await WriteAsync(Volumes[address.Volume], address.Block, block);
    }

    public static bool IsZero(byte[] block) => block.AsSpan().IndexOfAnyExcept((byte)0) < 0;
}
