namespace Layered.Cli.Bench.Fs;

/// <summary>One number the filesystem benchmark reports, and which way is better.</summary>
internal sealed record FsBenchMetric(string Key, string Label, string Unit, bool HigherIsBetter)
{
    public static readonly IReadOnlyList<FsBenchMetric> All =
    [
        new("create_per_s", "create (empty file)", "ops/s", true),
        new("lookup_per_s", "lookup (random order)", "ops/s", true),
        new("stat_per_s", "stat (lookup + getattr)", "ops/s", true),
        new("unlink_per_s", "unlink", "ops/s", true),
        new("create_cpu_us", "create: process CPU per op", "us", false),
        new("unlink_cpu_us", "unlink: process CPU per op", "us", false),
        new("seq_write_mb_per_s", "sequential write 1M (+fsync)", "MB/s", true),
        new("seq_read_mb_per_s", "sequential read 1M", "MB/s", true),
        new("rand_write_iops", "random write 4K", "IOPS", true),
        new("rand_read_iops", "random read 4K", "IOPS", true),
        new("fsync_p50_us", "write 4K + fsync, p50", "us", false),
        new("fsync_p99_us", "write 4K + fsync, p99", "us", false),
    ];
}
