using Layered.Fs.Posix;

namespace Layered.Fs.Tests.Posix;

/// <summary>How overwrites move a file's times: folded while nobody looks, exact once somebody does.</summary>
public sealed class WriteTimeTests
{
    private const int Block = 4096;

    // A window no test step outlasts, so folding is decided by what was read, not by the clock.
    private static readonly FsMountOptions s_wideFold = new() { CommitIntervalMs = 0, WriteTimeFoldMs = 60_000 };

    [Fact]
    public async Task OverwritesNobodyLookedAtFoldIntoTheFirstAndLeaveNothingToCommit()
    {
        var (fs, _) = await TestFs.CreateAsync(mount: s_wideFold);
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        await fs.WriteAsync(file.Ino, 0, new byte[4 * Block]);
        var before = (await fs.GetAttrAsync(file.Ino)).ModifyNs;
        await fs.FsyncAsync(file.Ino);

        await fs.WriteAsync(file.Ino, 0, new byte[Block]); // moves: the times were read since
        Assert.True(fs.DirtyMetadataBlocks > 0);
        await fs.FsyncAsync(file.Ino);
        var startOfFolded = FileSystem.NowNs();
        for (var i = 0; i < 10; i++) await fs.WriteAsync(file.Ino, (i % 4) * Block, new byte[Block]);
        Assert.Equal(0, fs.DirtyMetadataBlocks);

        var after = await fs.GetAttrAsync(file.Ino);
        Assert.True(after.ModifyNs > before, "the first write after a look did not move mtime");
        Assert.True(after.ModifyNs < startOfFolded, "a write nobody looked at moved mtime");
        await fs.DisposeAsync();
    }

    [Fact]
    public async Task AWriteAfterALookAlwaysMovesTheTimesPastWhatWasSeen()
    {
        var (fs, _) = await TestFs.CreateAsync(mount: s_wideFold);
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        await fs.WriteAsync(file.Ino, 0, new byte[Block]);
        var seen = await fs.GetAttrAsync(file.Ino);
        for (var i = 0; i < 20; i++)
        {
            await fs.WriteAsync(file.Ino, 0, new byte[Block]);
            var now = await fs.GetAttrAsync(file.Ino);
            Assert.True(now.ModifyNs > seen.ModifyNs && now.ChangeNs > seen.ChangeNs, $"write {i}: mtime {now.ModifyNs} after seeing {seen.ModifyNs}");
            seen = now;
        }
        await fs.DisposeAsync();
    }

    [Fact]
    public async Task WithoutAFoldWindowEveryOverwriteMovesTheTimes()
    {
        var (fs, _) = await TestFs.CreateAsync(mount: s_wideFold with { WriteTimeFoldMs = 0 });
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        await fs.WriteAsync(file.Ino, 0, new byte[Block]);
        await fs.FsyncAsync(file.Ino);
        for (var i = 0; i < 5; i++)
        {
            await fs.WriteAsync(file.Ino, 0, new byte[Block]);
            Assert.True(fs.DirtyMetadataBlocks > 0, $"write {i} left the inode clean");
            await fs.FsyncAsync(file.Ino);
        }
        await fs.DisposeAsync();
    }
}
