using Layered.BlockStack;
using Layered.BlockStack.Simulation;
using Layered.Fs.Mkfs;

namespace Layered.Fs.Tests.Posix;

public sealed class CancellationTests
{
    /// <summary>
    /// Every device I/O waits 1 ms (a tiny cache forces reads), so cancellation lands in the
    /// middle of changes and commits. A change must finish once started, or fail without touching anything.
    /// </summary>
    [Fact(Timeout = 60000)]
    public async Task ACancelledCallerNeverLeavesAChangeHalfDoneOrTheFilesystemReadOnly()
    {
        var device = SimulatedDevice.Create(64 << 20, seed: 5, []);
        IBlockDevice[] devices = [device];
        await FsFormatter.FormatAsync(devices, new MkfsOptions());
        var fs = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0, CacheBlocks = 4 });
        for (var i = 0; i < 200; i++) await fs.CreateAsync(FileSystem.RootIno, $"seed-{i}", 0x1A4, 0, 0);
        await fs.SyncAsync();
        device.AddFault(new FaultRule(FaultKind.Latency) { DelayMs = 1 });
        var random = new Random(11);
        var created = 200;
        var cancelled = 0;
        for (var i = 0; i < 60; i++)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(1, 6)));
            try
            {
                var file = await fs.CreateAsync(FileSystem.RootIno, $"f{i}", 0x1A4, 0, 0, cancel.Token);
                created++;
                await fs.FsyncAsync(file.Ino, ct: cancel.Token);
            }
            catch (OperationCanceledException)
            {
                cancelled++;
            }
        }
        device.ClearFaults();
        var after = await fs.CreateAsync(FileSystem.RootIno, "after", 0x1A4, 0, 0);
        Assert.True(after.IsRegular);
        var names = await fs.ReadDirAsync(FileSystem.RootIno, 0, 1000);
        Assert.Equal(created + 3, names.Count);
        await fs.DisposeAsync();
        await Crash.FsckAssert.CleanAsync(devices, $"after {cancelled} cancelled creates");
    }
}
