using System.Text.Json.Nodes;
using Layered.BlockStack.Composition;
using Layered.Raid;

namespace Layered.Cli.Bench.Raid;

/// <summary>
/// Raid5 and raid6 writes against the members written directly. A set over n members with p
/// parity chunks can deliver at most (n-p)/n of what its members take, since parity is written
/// too; that share of the members' aggregate rate is the baseline.
/// </summary>
/// <remarks>
/// The members are filled directly, and the direct writes of the baseline land on them too, so
/// the parity does not match the data. Nothing here reads it back as data, and the cost of
/// every path is the same either way.
/// </remarks>
internal sealed partial class RaidBenchmark
{
    private const int SmallWriteBytes = 4096;
    private const double FullStripeTarget = 0.7;

    private async Task ParityLevelAsync(RaidLevel level, int members)
    {
        await using var set = MemorySet.Create(level, members, settings.SetBytes);
        var name = set.Raid.Name;
        var parity = set.ParityChunks;
        var share = (double)(members - parity) / members;
        var baselineIs = $"{members - parity}/{members} of the {members} members' aggregate rate, written directly in parallel, same I/O size and QD";
        progress($"{name} over {members} memory members of {ByteSize.Format(set.MemberBytes)} ({members - parity} data + {parity} parity per row), against the members written directly");
        await FillAsync(set.Members, ChunkBytes, "the members");

        await using (var direct = Load(set.Members, set.RowBytes, AccessPattern.Sequential))
        await using (var rows = Load([set.Raid], set.RowBytes, AccessPattern.Sequential))
        {
            var (aggregate, raid) = await _sides.RunAsync($"{name} full-stripe write", "members", d => direct.RunAsync(true, d), name, d => rows.RunAsync(true, d));
            Add(new Measurement($"{name}_full_stripe_write", $"{name} full-stripe sequential write ({ByteSize.Format(set.RowBytes)}, one row per I/O), QD {QueueDepth}",
                "MB/s", raid.MegabytesPerSecond, aggregate.MegabytesPerSecond * share, baselineIs)
            {
                Target = level == RaidLevel.Raid5 ? FullStripeTarget : null,
                Details = WithAggregate(Sides(aggregate, raid, set.Raid), aggregate),
            });
        }

        await using (var direct = Load(set.Members, SmallWriteBytes, AccessPattern.Random))
        await using (var small = Load([set.Raid], SmallWriteBytes, AccessPattern.Random))
        {
            var (aggregate, raid) = await _sides.RunAsync($"{name} small write 4k", "members", d => direct.RunAsync(true, d), name, d => small.RunAsync(true, d));
            Add(new Measurement($"{name}_small_write_4k", $"{name} random write 4 KiB (read-modify-write), QD {QueueDepth}",
                "MB/s", raid.MegabytesPerSecond, aggregate.MegabytesPerSecond * share, baselineIs)
            {
                Details = WithAggregate(Sides(aggregate, raid, set.Raid), aggregate),
            });
        }

        if (level != RaidLevel.Raid5) return;
        await TaggedVsPlainAsync(set.Raid);
        await RebuildAsync(set);
    }

    private static JsonObject WithAggregate(JsonObject details, LoadResult aggregate)
    {
        details["members_aggregate_mb_per_s"] = Math.Round(aggregate.MegabytesPerSecond);
        return details;
    }
}
