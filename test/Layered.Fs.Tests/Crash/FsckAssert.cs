using Layered.BlockStack;

namespace Layered.Fs.Tests.Crash;

/// <summary>
/// The one place crash and corruption tests ask whether a filesystem is consistent. Until the
/// checker lands it mounts and unmounts (which replays the journal and reaps orphans); the lead
/// switches it to FsChecker.CheckAsync(devices, repair: false).
/// </summary>
internal static class FsckAssert
{
    public static async Task CleanAsync(IReadOnlyList<IBlockDevice> devices, string context = "")
    {
        FileSystem fs;
        try
        {
            fs = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 }).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception error)
        {
            Assert.Fail($"{context}: the filesystem does not mount: {error}");
            return;
        }
        await fs.DisposeAsync();
    }
}
