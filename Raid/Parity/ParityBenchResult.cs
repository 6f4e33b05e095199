namespace Layered.Raid.Parity;

/// <summary>
/// Single-thread throughput of one engine, in GB/s (10^9 bytes) of data chunks consumed per
/// second. <see cref="MemcpyGBps"/> copies the same data volume, as the memory-bandwidth yardstick.
/// </summary>
public readonly record struct ParityBenchResult(
    ParityEngine Engine,
    int DataChunks,
    int ChunkBytes,
    double XorGBps,
    double PQGBps,
    double MemcpyGBps)
{
    public double XorVsMemcpy => XorGBps / MemcpyGBps;

    public double PQVsMemcpy => PQGBps / MemcpyGBps;
}
