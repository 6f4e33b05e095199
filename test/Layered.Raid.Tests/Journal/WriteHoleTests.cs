using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Simulation;
using Layered.Raid.Assembly;
using Layered.Raid.Metadata;
using Layered.TestKit.Contracts;

namespace Layered.Raid.Tests.Journal;

/// <summary>
/// The raid5/6 write hole: a crash in the middle of partial-stripe writes, then the loss of a
/// member. Every block must read as its old content or its new content, never garbage.
/// </summary>
public sealed class WriteHoleTests
{
    private const int Ss = 512;
    private const int ChunkBytes = 16 * 1024;
    private const int BlockSectors = 8;
    private const long MemberBytes = 8L << 20;

    [Theory]
    [InlineData(RaidLevel.Raid5, 4, 120)]
    [InlineData(RaidLevel.Raid6, 5, 60)]
    public async Task AfterACrashMidWriteAndALostMemberEveryBlockIsOldOrNew(RaidLevel level, int members, int trials)
    {
        var seed = Seeds.Next(nameof(AfterACrashMidWriteAndALostMemberEveryBlockIsOldOrNew));
        var outcome = await RunTrialsAsync(level, members, seed, trials, journal: true);
        Assert.True(outcome.GarbageSectors == 0, $"seed {seed}: {outcome}");
        Assert.True(outcome.Replayed > 0, $"seed {seed}: no trial replayed a journal record, so the test proved nothing: {outcome}");
    }

    /// <summary>The negative control: with the journal off, the same trials must catch the hole.</summary>
    [Fact]
    public async Task WithoutTheJournalTheSameTrialsFindGarbage()
    {
        var seed = Seeds.Next(nameof(WithoutTheJournalTheSameTrialsFindGarbage));
        var outcome = await RunTrialsAsync(RaidLevel.Raid5, 4, seed, 120, journal: false);
        Assert.True(outcome.GarbageSectors > 0, $"seed {seed}: the trials could not detect the write hole: {outcome}");
    }

    private sealed record Outcome(int Trials, long GarbageSectors, long Replayed, int GarbageTrials);

    private static async Task<Outcome> RunTrialsAsync(RaidLevel level, int members, int seed, int trials, bool journal)
    {
        long garbage = 0, replayed = 0;
        var garbageTrials = 0;
        for (var trial = 0; trial < trials; trial++)
        {
            var (g, r) = await RunTrialAsync(level, members, seed * 1000 + trial, journal);
            garbage += g;
            replayed += r;
            if (g > 0) garbageTrials++;
        }
        return new Outcome(trials, garbage, replayed, garbageTrials);
    }

    private static async Task<(long Garbage, long Replayed)> RunTrialAsync(RaidLevel level, int memberCount, int trialSeed, bool journal)
    {
        var random = new Random(trialSeed);
        var sims = Enumerable.Range(0, memberCount).Select(i => new SimulatedDevice(
            new DeviceGeometry($"sim{i}", Guid.NewGuid(), Ss, MemberBytes / Ss),
            new SimulationOptions { Seed = (ulong)(trialSeed * 16 + i), CrashLoseRate = 0.5, CrashTearRate = 0.25 })).ToArray();
        var created = await RaidArray.CreateAsync(level, sims, new RaidCreateOptions
        {
            ChunkBytes = ChunkBytes, BitmapRegionBytes = 1 << 20, JournalBytes = journal ? 1L << 20 : 0, AssumeClean = true,
        });
        var raid = created.Device;
        var rows = 6;
        var rowSectors = raid.Layout.RowDataSectors;
        var regionSectors = rows * rowSectors;
        using var memory = new AlignedMemory((int)(rowSectors * Ss));
        for (var row = 0; row < rows; row++)
        {
            Patterns.Fill(memory.Span, row * rowSectors, Ss, 1);
            Assert.True((await raid.WriteAsync(row * rowSectors, memory.Memory)).IsOk);
        }
        Assert.True((await raid.FlushAsync()).IsOk);

        var blocks = (int)(regionSectors / BlockSectors);
        var written = new Dictionary<long, ulong>();
        foreach (var block in Enumerable.Range(0, blocks).OrderBy(_ => random.Next()).Take(random.Next(4, 14)))
        {
            var sector = (long)block * BlockSectors;
            var stamp = (ulong)random.NextInt64(2, long.MaxValue);
            Patterns.Fill(memory.Span[..(BlockSectors * Ss)], sector, Ss, stamp);
            Assert.True((await raid.WriteAsync(sector, memory.Memory[..(BlockSectors * Ss)])).IsOk);
            written[sector] = stamp;
        }
        foreach (var sim in sims) sim.Crash();

        var lost = random.Next(memberCount);
        var lostBeforeAssembly = random.Next(2) == 0;
        var present = lostBeforeAssembly ? sims.Where((_, i) => i != lost).Cast<IBlockDevice>().ToList() : [.. sims];
        await using var assembled = await RaidArray.AssembleAsync(present, new AssemblyOptions { Force = true });
        if (!lostBeforeAssembly) assembled.Device.Fail(lost);

        long garbage = 0;
        for (long sector = 0; sector < regionSectors; sector += BlockSectors)
        {
            var result = await assembled.Device.ReadAsync(sector, memory.Memory[..(BlockSectors * Ss)]);
            Assert.True(result.IsOk, $"trial {trialSeed}: read at {sector} failed: {result}");
            for (var s = 0; s < BlockSectors; s++)
            {
                var one = memory.Span.Slice(s * Ss, Ss);
                var old = Patterns.FirstMismatch(one, sector + s, Ss, 1) == -1;
                var fresh = written.TryGetValue(sector, out var stamp) && Patterns.FirstMismatch(one, sector + s, Ss, stamp) == -1;
                if (!old && !fresh) garbage++;
            }
        }
        return (garbage, assembled.ReplayedJournalRecords);
    }
}
