namespace Layered.Fuse.Session;

/// <summary>The sizes this host negotiates in INIT and sizes its buffers by.</summary>
public static class FuseLimits
{
    public const uint KernelMajor = 7;

    /// <summary>The protocol minor we speak: 7.31 has max_pages (7.28) and everything we serve, and no request extensions.</summary>
    public const uint OurMinor = 31;

    public const int MaxWriteBytes = 1 << 20;

    /// <summary>max_pages: with 4 KiB pages this lets reads and writes reach <see cref="MaxWriteBytes"/>.</summary>
    public const ushort MaxPages = 256;

    /// <summary>
    /// One request or reply buffer. The kernel refuses a read(2) smaller than in-header + write_in +
    /// max_write, and a read reply carries up to max_pages of data after the out-header.
    /// </summary>
    public const int BufferBytes = MaxWriteBytes + 4096;

    /// <summary>Background requests (readahead, async reads) the kernel may keep queued at once.</summary>
    public const ushort MaxBackground = 64;
}
