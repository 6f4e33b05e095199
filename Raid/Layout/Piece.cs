namespace Layered.Raid.Layout;

/// <summary>The part of a request that falls in one data chunk of one row.</summary>
public readonly record struct Piece(long Row, int Chunk, long Within, int Sectors, int ByteOffset)
{
    /// <summary>Cuts an array range at chunk boundaries.</summary>
    public static Piece[] Split(StripeLayout layout, long sector, long sectorCount, int sectorSize)
    {
        var (row, chunk, within) = layout.Locate(sector);
        if (within + sectorCount <= layout.ChunkSectors) return [new Piece(row, chunk, within, (int)sectorCount, 0)];
        var pieces = new List<Piece>();
        for (long done = 0; done < sectorCount;)
        {
            (row, chunk, within) = layout.Locate(sector + done);
            var take = (int)Math.Min(sectorCount - done, layout.ChunkSectors - within);
            pieces.Add(new Piece(row, chunk, within, take, checked((int)(done * sectorSize))));
            done += take;
        }
        return [.. pieces];
    }

    public long EndWithin => Within + Sectors;
}
