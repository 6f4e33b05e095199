namespace Layered.Fs.Format;

/// <summary>
/// A filesystem block on one of its volumes. On disk it is one 64-bit word: the volume index in
/// the top 8 bits, the block number in the low 56 (docs/format.md, "Filesystem block addresses").
/// </summary>
public readonly record struct BlockAddress(int Volume, long Block)
{
    public const int MaxVolumes = 255;
    public const long MaxBlock = (1L << 56) - 1;

    /// <summary>No block: the packed value 0 is volume 0's block 0, the superblock, which nothing points to.</summary>
    public static BlockAddress None => default;

    public bool IsNone => Volume == 0 && Block == 0;

    public ulong Pack()
    {
        if ((uint)Volume >= MaxVolumes || (ulong)Block > MaxBlock)
            throw new ArgumentOutOfRangeException(nameof(Block), $"{this} is outside the address space");
        return ((ulong)Volume << 56) | (ulong)Block;
    }

    public static BlockAddress Unpack(ulong packed) => new((int)(packed >> 56), (long)(packed & MaxBlock));

    public override string ToString() => $"{Volume}:{Block}";
}
