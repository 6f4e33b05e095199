namespace Layered.Fuse.Tests.Mounted;

/// <summary>How the kernel's requests reach the host in a mounted test.</summary>
public enum MountedTransport
{
    /// <summary>read(2)/write(2) on /dev/fuse by the worker threads.</summary>
    Device,

    /// <summary>FUSE over io_uring: one pinned ring per CPU (the /dev/fuse threads then carry only FORGET and INTERRUPT).</summary>
    IoUring,
}
