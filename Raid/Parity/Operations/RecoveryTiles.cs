namespace Layered.Raid.Parity.Operations;

/// <summary>
/// Recovery makes two passes (syndromes of the survivors, then solve). Running both over one tile
/// at a time means the second pass reads what the first just wrote while it is still in L1/L2.
/// </summary>
internal static unsafe class RecoveryTiles
{
    public const int TileBytes = 16 * 1024;

    /// <summary>Moves every present chunk address on to the next tile; missing (null) ones stay null.</summary>
    public static void Advance(byte** chunks, int count, nint bytes)
    {
        for (int i = 0; i < count; i++)
        {
            if (chunks[i] != null)
            {
                chunks[i] += bytes;
            }
        }
    }
}
