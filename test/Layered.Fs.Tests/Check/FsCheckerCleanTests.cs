using System.Security.Cryptography;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.Fs.Check;
using Layered.Fs.Tests.Posix;
using Layered.Fs.Volumes;

namespace Layered.Fs.Tests.Check;

public sealed class FsCheckerCleanTests
{
    [Fact]
    public async Task AFreshFilesystemChecksClean()
    {
        var (fs, devices) = await TestFs.CreateAsync();
        await fs.DisposeAsync();
        var report = await FsChecker.CheckAsync(devices, repair: false);
        AssertClean(report);
        Assert.Equal(1, report.Inodes);
        Assert.Equal(1, report.Directories);
        Assert.True(report.UsedBlocks > 0 && report.FreeBlocks > 0);
    }

    [Fact]
    public async Task ABusyFilesystemChecksCleanWithAnOpenUnlinkedFileAndAfterRemount()
    {
        var (fs, devices) = await Workload.BusyAsync();
        await fs.DisposeAsync();
        var report = await FsChecker.CheckAsync(devices, repair: false);
        AssertClean(report);
        Assert.True(report.Files > 30, $"{report.Files} files");

        // The remount frees the file unlinked while open.
        await (await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 })).DisposeAsync();
        var after = await FsChecker.CheckAsync(devices, repair: false);
        AssertClean(after);
        Assert.Equal(report.Inodes - 1, after.Inodes);
    }

    [Fact]
    public async Task AFilesystemLeftWithCommittedTransactionsInItsJournalChecksCleanWithoutBeingWritten()
    {
        var (fs, devices) = await Workload.BusyAsync(volumes: 1);
        await fs.FsyncAsync(FileSystem.RootIno);
        // No unmount: the journal holds transactions not yet written home, as after a crash.
        var before = await HashAsync(devices);
        var report = await FsChecker.CheckAsync(devices, repair: false);
        AssertClean(report);
        Assert.Equal(before, await HashAsync(devices));
    }

    [Fact]
    public async Task RepairOfACleanFilesystemChangesNothing()
    {
        var (fs, devices) = await Workload.BusyAsync(volumes: 1);
        await fs.DisposeAsync();
        var report = await FsChecker.CheckAsync(devices, repair: true);
        AssertClean(report);
        Assert.Empty(report.Repaired);
    }

    [Fact]
    public async Task AMissingVolumeIsRefusedWithAClearError()
    {
        var (fs, devices) = await TestFs.CreateAsync(volumes: 2);
        await fs.DisposeAsync();
        var error = await Assert.ThrowsAsync<VolumeSetException>(() => FsChecker.CheckAsync([devices[0]], repair: false));
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public async Task ProgressIsReportedPerPhase()
    {
        var (fs, devices) = await TestFs.CreateAsync();
        await fs.DisposeAsync();
        var messages = new List<string>();
        await FsChecker.CheckAsync(devices, repair: false, new SynchronousProgress(messages.Add));
        Assert.Contains(messages, m => m.Contains("inode tree"));
        Assert.Contains(messages, m => m.Contains("free space"));
    }

    internal static void AssertClean(FsckReport report)
    {
        Assert.True(report.Clean, string.Join("\n", report.Problems.Concat(report.Unrepaired.Select(u => new FsckProblem("?", u, false)))));
        Assert.Empty(report.Unrepaired);
    }

    private static async Task<string> HashAsync(IBlockDevice[] devices)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var buffer = new AlignedMemory(1 << 20);
        foreach (var device in devices)
            for (long sector = 0; sector < device.SectorCount; sector += buffer.Length / device.SectorSize)
            {
                Assert.True((await device.ReadAsync(sector, buffer.Memory)).IsOk);
                hash.AppendData(buffer.Span);
            }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
