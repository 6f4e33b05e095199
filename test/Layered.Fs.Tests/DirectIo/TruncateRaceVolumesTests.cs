using Layered.BlockStack;
using Layered.BlockStack.Memory;
using Layered.Raid;
using Xunit.Abstractions;

namespace Layered.Fs.Tests.DirectIo;

/// <summary>The race on multi-device files, and on a RAID volume whose members are hot-swapped under the direct sessions.</summary>
public sealed class TruncateRaceVolumesTests(ITestOutputHelper output)
{
    [Fact(Timeout = 60_000)]
    public async Task FilesPlacedOnThreeVolumesStayCleanWithLeases()
    {
        var fs = await RaceRig.MountAsync(RaceRig.MemoryVolumes(3), RaceRig.Mount());
        var options = RaceRig.Options(nameof(FilesPlacedOnThreeVolumesStayCleanWithLeases), mutations: 3000, seconds: 5) with { PlaceByXattr = true, TargetFiles = 6 };
        var report = await RaceRig.RunAsync(output, fs, options);
        for (var i = 0; i < options.TargetFiles; i++)
        {
            var target = await fs.LookupAsync(FileSystem.RootIno, $"target-{i}") ?? throw new InvalidOperationException($"target-{i} is gone");
            Assert.Contains(fs.Volumes[i % 3], await fs.GetBdevsAsync(target.Ino));
        }
        await fs.DisposeAsync();

        Assert.True(report.Passed, $"LAYERED_SEED={report.Seed}: {report}\n{string.Join('\n', report.ViolationSamples)}");
        Assert.True(report.Breaks > 50, $"LAYERED_SEED={report.Seed}: {report}");
    }

    [Fact(Timeout = 60_000)]
    public async Task FilesSpreadOverTwoVolumesShowStaleIoWithLeasesDisabled()
    {
        var fs = await RaceRig.MountAsync(RaceRig.MemoryVolumes(2), RaceRig.Mount(leases: false));
        var report = await RaceRig.RunAsync(output, fs, RaceRig.Options(nameof(FilesSpreadOverTwoVolumesShowStaleIoWithLeasesDisabled), mutations: 500, seconds: 3));
        await fs.DisposeAsync();

        Assert.True(report.Violations > 0, $"LAYERED_SEED={report.Seed}: the negative control found nothing on two volumes: {report}");
    }

    /// <summary>
    /// A raid1 volume loses a member (fail, remove), gets a new one that rebuilds, then has its
    /// other member replaced, all while the race runs. The new members hold no tags of the
    /// sessions' buffers at first, so the set serves them through the plain path underneath one
    /// tag: no op may fail, and the oracle checks every byte.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task HotSwappingTheMembersOfARaidVolumeUnderDirectIoSurfacesNoErrorAndLosesNoData()
    {
        const long memberBytes = RaceRig.VolumeBytes + (1 << 20);
        var raid = RaidDevice.Create(RaidLevel.Raid1, [Member("m0", memberBytes), Member("m1", memberBytes)]);
        var fs = await RaceRig.MountAsync([raid], RaceRig.Mount());
        var options = RaceRig.Options(nameof(HotSwappingTheMembersOfARaidVolumeUnderDirectIoSurfacesNoErrorAndLosesNoData), mutations: 0, seconds: 6);
        var race = RaceRig.RunAsync(output, fs, options);

        await Task.Delay(700);
        raid.Fail(1, "pulled by the test");
        await raid.RemoveAsync(1);
        Assert.Equal(1, await raid.AddAsync(Member("m2", memberBytes)));
        Assert.True(await raid.WaitForRebuildsAsync(TimeSpan.FromSeconds(20)), "the new member never finished rebuilding");
        var plainAfterAdd = raid.Counters.PlainMemberIos;
        await raid.ReplaceAsync(0, Member("m3", memberBytes));
        Assert.True(await raid.WaitForRebuildsAsync(TimeSpan.FromSeconds(20)), "the replacement never finished rebuilding");
        Assert.False(race.IsCompleted, "the race ended before the hot-swaps did; they were not under load");

        var report = await race;
        output.WriteLine($"raid: {raid.Counters.TaggedMemberIos} tagged member I/Os, {raid.Counters.PlainMemberIos} plain ({plainAfterAdd} by the end of the first rebuild), {raid.MissingSlots} slots missing");
        await fs.DisposeAsync();

        Assert.True(report.Passed, $"LAYERED_SEED={report.Seed}: {report}\n{string.Join('\n', report.ViolationSamples)}");
        Assert.True(report.DirectOps > 1000 && report.Breaks > 10, $"LAYERED_SEED={report.Seed}: {report}");
        Assert.Equal(0, raid.MissingSlots);
        Assert.True(raid.Counters.TaggedMemberIos > 0, "the set never used member tags");
    }

    private static IBlockDevice Member(string name, long bytes) => MemoryDevice.Create(bytes, 512, name);
}
