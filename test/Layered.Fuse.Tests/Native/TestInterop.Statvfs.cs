using System.Runtime.InteropServices;

namespace Layered.Fuse.Tests.Native;

internal static partial class TestInterop
{
    /// <summary>struct statvfs on x86_64 glibc.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct StatVfs
    {
        public ulong Bsize;
        public ulong Frsize;
        public ulong Blocks;
        public ulong Bfree;
        public ulong Bavail;
        public ulong Files;
        public ulong Ffree;
        public ulong Favail;
        public ulong Fsid;
        public ulong Flag;
        public ulong Namemax;
        public fixed int Spare[6];
    }

    [LibraryImport(Libc, EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statvfs(string path, out StatVfs buffer);
}
