using System.Diagnostics;
using Layered.TestKit.Contracts;
using Xunit.Abstractions;

namespace Layered.Fs.Tests.Journal;

public sealed class JournalCrashTests(ITestOutputHelper output)
{
    private const int Runs = 3000;

    [Fact]
    public async Task AfterACrashAtAnyMomentReplayAppliesEveryReturnedCommitAndEachInterruptedOneWhollyOrNotAtAll()
    {
        var seed = Seeds.Next(nameof(AfterACrashAtAnyMomentReplayAppliesEveryReturnedCommitAndEachInterruptedOneWhollyOrNotAtAll));
        output.WriteLine($"LAYERED_SEED={seed}");
        var clock = Stopwatch.StartNew();
        int crashes = 0, applied = 0, dropped = 0;
        for (var run = 0; run < Runs; run++)
        {
            var crashRun = new JournalCrashRun(seed, run);
            await crashRun.RunAsync();
            crashes += crashRun.CrashesMidOperation;
            applied += crashRun.InterruptedCommitsApplied;
            dropped += crashRun.InterruptedCommitsDropped;
        }
        output.WriteLine($"{Runs} runs, {crashes} crashes in the middle of an operation; interrupted commits: {applied} applied whole, "
            + $"{dropped} dropped whole; {clock.ElapsedMilliseconds} ms");
        Assert.True(crashes > Runs, $"only {crashes} crashes hit an operation");
        Assert.True(applied > 0 && dropped > 0, "the crashes never caught a commit both ways");
    }
}
