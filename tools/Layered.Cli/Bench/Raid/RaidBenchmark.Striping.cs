using Layered.BlockStack;
using Layered.BlockStack.Composition;
using Layered.BlockStack.Memory;
using Layered.Raid;

namespace Layered.Cli.Bench.Raid;

/// <summary>Raid0 against one member alone: over memory members, and over members paced like disks.</summary>
internal sealed partial class RaidBenchmark
{
    private const int StripeIoBytes = 64 * 1024;
    private const int StripeMembers = 4;
    private const double StripeTarget = 3.5;

    /// <summary>A paced member moves this much; four of them stay far below what two cores can copy.</summary>
    private const long PacedBytesPerSecond = 200_000_000;

    private async Task StripingAsync()
    {
        await using var set = MemorySet.Create(RaidLevel.Raid0, StripeMembers, settings.SetBytes);
        await using var alone = MemoryDevice.Create(set.MemberBytes, 512, "alone");
        progress($"raid0 over {StripeMembers} memory members of {ByteSize.Format(set.MemberBytes)}, against one member alone");
        await FillAsync([alone], ChunkBytes, "the lone member");
        await FillAsync([set.Raid], set.RowBytes, "raid0");
        await using var single = Load([alone], StripeIoBytes, AccessPattern.Random);
        await using var striped = Load([set.Raid], StripeIoBytes, AccessPattern.Random);
        foreach (var write in new[] { false, true })
        {
            var name = write ? "write" : "read";
            var (member, raid) = await _sides.RunAsync($"raid0 random {name} 64k", "member", d => single.RunAsync(write, d), "raid0", d => striped.RunAsync(write, d));
            Add(new Measurement($"raid0_random_{name}_64k", $"raid0 over {StripeMembers} memory members, random {name} 64 KiB, QD {QueueDepth}",
                "MB/s", raid.MegabytesPerSecond, member.MegabytesPerSecond, "one memory member alone, same workload")
            {
                Target = StripeTarget,
                Details = Sides(member, raid, set.Raid),
            });
        }
        await TaggedVsPlainAsync(set.Raid);
    }

    /// <summary>
    /// The same comparison where each member, not the CPU, is the limit: what striping is for.
    /// Memory members are filled directly, at full speed.
    /// </summary>
    private async Task PacedStripingAsync()
    {
        await using var set = MemorySet.Create(RaidLevel.Raid0, StripeMembers, settings.SetBytes, d => new PacedDevice(d, PacedBytesPerSecond));
        await using var alone = new PacedDevice(MemoryDevice.Create(set.MemberBytes, 512, "alone"), PacedBytesPerSecond);
        progress($"raid0 over {StripeMembers} members paced at {PacedBytesPerSecond / 1e6:0} MB/s each, against one paced member alone");
        await FillAsync([.. set.Members.Select(m => ((PacedDevice)m).Inner), alone.Inner], ChunkBytes, "the members underneath");
        await using var single = Load([alone], StripeIoBytes, AccessPattern.Random);
        await using var striped = Load([set.Raid], StripeIoBytes, AccessPattern.Random);
        var (member, raid) = await _sides.RunAsync("paced raid0 random read 64k", "member", d => single.RunAsync(false, d), "raid0", d => striped.RunAsync(false, d));
        Add(new Measurement("raid0_paced_random_read_64k", $"raid0 over {StripeMembers} members paced at {PacedBytesPerSecond / 1e6:0} MB/s, random read 64 KiB, QD {QueueDepth}",
            "MB/s", raid.MegabytesPerSecond, member.MegabytesPerSecond, "one paced member alone, same workload")
        {
            Target = StripeTarget,
            Details = Sides(member, raid, set.Raid),
        });
    }
}
