using System.Runtime.InteropServices;

namespace Layered.BlockStack.Tests.Native;

internal static partial class TestInterop
{
    [LibraryImport(Libc, EntryPoint = "setrlimit", SetLastError = true)]
    internal static partial int SetRlimit(int resource, in Rlimit limit);
}
