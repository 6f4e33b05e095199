namespace Layered.Raid.Parity;

/// <summary>The cheap argument checks every public parity operation makes before touching memory.</summary>
internal static class ParityArguments
{
    public static void Length(int lengthBytes, string name)
    {
        if (lengthBytes <= 0 || lengthBytes % RaidParity.BlockBytes != 0)
        {
            ParityThrow.BadLength(name, lengthBytes);
        }
    }

    public static void SameLength(int lengthBytes, int expectedBytes, string name)
    {
        if (lengthBytes != expectedBytes)
        {
            ParityThrow.LengthMismatch(name, lengthBytes, expectedBytes);
        }
    }

    public static void Count(int count, int minimumCount)
    {
        if (count < minimumCount || count > RaidParity.MaxDataChunks)
        {
            ParityThrow.BadChunkCount(count, minimumCount);
        }
    }

    /// <summary>Checks every chunk's length except the missing ones, whose contents are ignored.</summary>
    public static void ChunkLengths(ReadOnlySpan<ReadOnlyMemory<byte>> data, int lengthBytes, int missingX = -1, int missingY = -1)
    {
        for (int i = 0; i < data.Length; i++)
        {
            if (i != missingX && i != missingY && data[i].Length != lengthBytes)
            {
                ParityThrow.ChunkLengthMismatch(i, data[i].Length, lengthBytes);
            }
        }
    }

    public static void Index(int index, int count, string name)
    {
        if ((uint)index >= (uint)count)
        {
            ParityThrow.IndexOutOfRange(name, index, count);
        }
    }

    public static void Distinct(int x, int y)
    {
        if (x == y)
        {
            ParityThrow.SameIndex(x);
        }
    }
}
