namespace Layered.Cli.Drill.Load;

/// <summary>
/// How the array is shared among lanes: 128 KiB extents dealt round-robin, so lanes own
/// disjoint sectors and concurrent writes never race. I/Os are 4 KiB multiples inside one extent.
/// </summary>
internal sealed class LoadArea
{
    public const int ExtentBytes = 128 * 1024;
    public const int UnitBytes = 4096;
    public const int MaxIoBytes = 64 * 1024;

    public LoadArea(long arraySectors, int sectorSize, int lanes)
    {
        SectorSize = sectorSize;
        Lanes = lanes;
        ExtentSectors = ExtentBytes / sectorSize;
        UnitSectors = Math.Max(1, UnitBytes / sectorSize);
        Extents = arraySectors / ExtentSectors;
        if (Extents < lanes) throw new ArgumentException($"an array of {arraySectors} sectors is too small for {lanes} lanes of {ExtentBytes} B extents");
    }

    public int SectorSize { get; }

    public int Lanes { get; }

    public long ExtentSectors { get; }

    public long UnitSectors { get; }

    public long Extents { get; }

    public long ExtentsOf(int lane) => (Extents - lane + Lanes - 1) / Lanes;

    /// <summary>The first sector of a lane's k-th extent.</summary>
    public long ExtentStart(int lane, long k) => (k * Lanes + lane) * ExtentSectors;

    /// <summary>A seeded I/O range of 4 to 64 KiB inside one of the lane's extents.</summary>
    public (long Sector, int Sectors) Pick(int lane, SplitMix random)
    {
        var extent = ExtentStart(lane, (long)(random.Next() % (ulong)ExtentsOf(lane)));
        var units = 1 + random.Below(MaxIoBytes / UnitBytes);
        var extentUnits = ExtentSectors / UnitSectors;
        var at = random.Below((int)(extentUnits - units + 1));
        return (extent + at * UnitSectors, (int)(units * UnitSectors));
    }
}
