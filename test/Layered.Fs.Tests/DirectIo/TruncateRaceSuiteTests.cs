using Layered.Fs.Tests.Posix;
using Xunit.Abstractions;

namespace Layered.Fs.Tests.DirectIo;

/// <summary>
/// The truncate-race safety suite: the workload in <see cref="Layered.Fs.DirectIo.Safety.TruncateRaceWorkload"/>
/// with leases on must find nothing, and with leases off must find stale I/O, which proves it can fail.
/// </summary>
public sealed class TruncateRaceSuiteTests(ITestOutputHelper output)
{
    [Fact(Timeout = 60_000)]
    public async Task WithLeasesNoDirectReadSeesFreedOrForeignBytesAndNoDirectWriteLandsInAnotherFile()
    {
        var (fs, _) = await TestFs.CreateAsync(bytes: RaceRig.VolumeBytes, mount: RaceRig.Mount());
        var report = await RaceRig.RunAsync(output, fs, RaceRig.Options(nameof(WithLeasesNoDirectReadSeesFreedOrForeignBytesAndNoDirectWriteLandsInAnotherFile), mutations: 5000, seconds: 6));
        await fs.DisposeAsync();

        Assert.True(report.Passed, $"LAYERED_SEED={report.Seed}: {report}\n{string.Join('\n', report.ViolationSamples)}");
        Assert.True(report.Breaks > 100, $"LAYERED_SEED={report.Seed}: only {report.Breaks} breaks; the race was not exercised");
        Assert.True(report.Recalls > 100, $"LAYERED_SEED={report.Seed}: only {report.Recalls} recalls");
        Assert.True(report.DirectOps > 2000 && report.ScratchChecks > 100, $"LAYERED_SEED={report.Seed}: {report}");
    }

    [Fact(Timeout = 60_000)]
    public async Task WithLeasesDisabledTheSameSuiteDetectsStaleIo()
    {
        var (fs, _) = await TestFs.CreateAsync(bytes: RaceRig.VolumeBytes, mount: RaceRig.Mount(leases: false));
        var report = await RaceRig.RunAsync(output, fs, RaceRig.Options(nameof(WithLeasesDisabledTheSameSuiteDetectsStaleIo), mutations: 1000, seconds: 3));
        await fs.DisposeAsync();

        Assert.True(report.Violations > 0, $"LAYERED_SEED={report.Seed}: the negative control found nothing: {report}");
        Assert.Equal(0, report.Breaks);
        Assert.Contains(report.ViolationSamples, v => v.Contains("freed content") || v.Contains("another file's bytes") || v.Contains("no longer owned"));
    }
}
