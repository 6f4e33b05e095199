using Layered.BlockStack;
using Layered.Fs.Check;

namespace Layered.Fs.Tests.Crash;

/// <summary>The one place crash tests ask whether a filesystem is consistent: fsck without repair must find nothing.</summary>
internal static class FsckAssert
{
    public static async Task CleanAsync(IReadOnlyList<IBlockDevice> devices, string context = "")
    {
        var report = await FsChecker.CheckAsync(devices, repair: false).WaitAsync(TimeSpan.FromSeconds(60));
        if (!report.Clean)
            Assert.Fail($"{context}: fsck found {report.Problems.Count} problem(s):\n" + string.Join("\n", report.Problems.Take(20).Select(p => $"  {p.Kind}: {p.Message}")));
    }
}
