using System.Text.Json.Nodes;
using Layered.Raid;

namespace Layered.Cli.Bench.Raid;

/// <summary>Tagged against plain reads through a set, from the same registered memory.</summary>
internal sealed partial class RaidBenchmark
{
    private const int TagIoBytes = 4096;

    private async Task TaggedVsPlainAsync(RaidDevice raid)
    {
        await using var load = Load([raid], TagIoBytes, AccessPattern.Random);
        load.Map();
        // Member I/Os per side and path, warm-up included: the tagged side should issue only tagged ones.
        var memberIos = new long[2, 2];
        Func<TimeSpan, Task<LoadResult>> Side(bool tagged) => async duration =>
        {
            var (taggedBefore, plainBefore) = (raid.Counters.TaggedMemberIos, raid.Counters.PlainMemberIos);
            var result = await load.RunAsync(write: false, duration, tagged);
            memberIos[tagged ? 1 : 0, 1] += raid.Counters.TaggedMemberIos - taggedBefore;
            memberIos[tagged ? 1 : 0, 0] += raid.Counters.PlainMemberIos - plainBefore;
            return result;
        };
        var (plain, tagged) = await _sides.RunAsync($"{raid.Name} random read 4k", "plain", Side(false), "tagged", Side(true));
        var details = Sides(plain, tagged, raid);
        details["baseline_iops"] = Math.Round(plain.Phase.Iops);
        details["measured_iops"] = Math.Round(tagged.Phase.Iops);
        for (var side = 0; side < 2; side++)
            details[side == 1 ? "member_ios_during_tagged_side" : "member_ios_during_plain_side"] = new JsonObject
            {
                ["tagged"] = memberIos[side, 1],
                ["plain"] = memberIos[side, 0],
            };
        Add(new Measurement($"{raid.Name}_tagged_random_read_4k", $"{raid.Name}: tagged random read 4 KiB (TryMap + ReadTaggedAsync), QD {QueueDepth}",
            "MB/s", tagged.MegabytesPerSecond, plain.MegabytesPerSecond, "plain ReadAsync through the same set, from the same memory")
        {
            Details = details,
        });
    }
}
