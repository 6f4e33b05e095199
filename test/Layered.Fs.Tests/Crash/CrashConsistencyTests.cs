using Layered.TestKit.Contracts;

namespace Layered.Fs.Tests.Crash;

/// <summary>
/// Power cuts at seeded points of a workload with fsyncs (including mid-commit and with a
/// torn write), then a crash of the volatile caches: the filesystem mounts, checks clean, keeps
/// everything fsync'd, and never shows a byte a file did not write itself.
/// </summary>
public sealed class CrashConsistencyTests
{
    [Theory(Timeout = 120_000)]
    [InlineData(1, 1500)]
    [InlineData(2, 600)]
    public async Task AfterACrashFsyncedDataSurvivesAndNoFileShowsAnotherFilesBytes(int volumes, int trials)
    {
        var seed = Seeds.Next($"{nameof(AfterACrashFsyncedDataSurvivesAndNoFileShowsAnotherFilesBytes)}({volumes})");
        var problems = new List<string>();
        for (var trial = 0; trial < trials && problems.Count < 5; trial++)
        {
            var problem = await CrashTrial.RunAsync(seed + trial * 7919, volumes);
            if (problem is not null) problems.Add(problem);
        }
        Assert.True(problems.Count == 0, $"seed {seed}: {problems.Count} failing trial(s) (first few):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    /// <summary>The control: claiming unsynced writes durable must be refuted by some crash, or the trials prove nothing.</summary>
    [Fact(Timeout = 60_000)]
    public async Task TheSameCrashesRefuteWritesThatWereNeverFsynced()
    {
        var seed = Seeds.Next(nameof(TheSameCrashesRefuteWritesThatWereNeverFsynced));
        var refuted = 0;
        for (var trial = 0; trial < 100; trial++)
            if (await CrashTrial.RunAsync(seed + trial * 7919, 1, claimWritesDurable: true) is not null) refuted++;
        Assert.True(refuted > 0, $"seed {seed}: no crash lost an unsynced write, so the crash trials cannot detect lost data");
    }
}
