using Layered.Fs.Check;
using Layered.Fs.Tests.Posix;

namespace Layered.Fs.Tests.Check;

public sealed class FsCheckerScaleTests
{
    [Fact]
    public async Task AHundredThousandInodesInAHundredDirectoriesCheckClean()
    {
        var (fs, devices) = await TestFs.CreateAsync(1, 1L << 30);
        for (var d = 0; d < 100; d++)
        {
            var directory = await fs.MkdirAsync(FileSystem.RootIno, $"d{d}", 0x1ED, 0, 0);
            for (var i = 0; i < 1000; i++) await fs.CreateAsync(directory.Ino, $"f{i}", 0x1A4, 0, 0);
        }
        await fs.DisposeAsync();

        var report = await FsChecker.CheckAsync(devices, repair: false);
        FsCheckerCleanTests.AssertClean(report);
        Assert.Equal(100_101, report.Inodes);
        Assert.Equal(101, report.Directories);
    }
}
