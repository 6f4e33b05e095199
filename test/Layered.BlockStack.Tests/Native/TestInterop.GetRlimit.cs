using System.Runtime.InteropServices;

namespace Layered.BlockStack.Tests.Native;

internal static partial class TestInterop
{
    internal const int RLIMIT_NOFILE = 7;

    /// <summary>struct rlimit.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Rlimit
    {
        public ulong Cur;
        public ulong Max;
    }

    [LibraryImport(Libc, EntryPoint = "getrlimit", SetLastError = true)]
    internal static partial int GetRlimit(int resource, out Rlimit limit);
}
