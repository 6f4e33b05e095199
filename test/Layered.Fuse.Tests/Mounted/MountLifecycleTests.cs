using Layered.Fuse.Mounting;

namespace Layered.Fuse.Tests.Mounted;

/// <summary>Mount, unmount and mount again: nothing stays mounted, and the data survives.</summary>
[RequiresFuseMounts]
public abstract class MountLifecycleTests(MountedTransport transport)
{
    [DeviceFact(Timeout = 60000)]
    public async Task RemountKeepsTheDataAndLeavesNoStaleMount()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        Assert.Equal("fuse.layered", MountTable.Find(mounted.Root)!.Value.FileSystemType);
        Directory.CreateDirectory(mounted["keep"]);
        await File.WriteAllTextAsync(mounted["keep/file"], "survives");
        for (var round = 0; round < 3; round++)
        {
            await mounted.RemountAsync();
            Assert.Single(MountTable.Read(), e => e.MountPoint == mounted.Root);
            Assert.Equal("survives", await File.ReadAllTextAsync(mounted["keep/file"]));
        }
    }

    [DeviceFact(Timeout = 60000)]
    public async Task UnmountWithAFileStillOpenStillEndsTheSession()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var stream = new FileStream(mounted["held"], FileMode.CreateNew, FileAccess.ReadWrite);
        try
        {
            stream.Write("x"u8);
            stream.Flush();
            await mounted.Mount.UnmountAsync();
            Assert.False(MountTable.IsMounted(mounted.Root));
            Assert.True(mounted.Mount.Session.Completion.IsCompleted);
        }
        finally
        {
            // The connection is gone; closing only drops the kernel's file.
            try { stream.Dispose(); } catch (IOException) { }
        }
    }
}
