using System.Runtime.InteropServices;

namespace Layered.Fuse.Tests.Native;

internal static partial class TestInterop
{
    [LibraryImport(Libc, EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static unsafe partial int SchedSetAffinity(int pid, nuint cpuSetSize, ulong* mask);

    /// <summary>Pins the calling thread to CPU <paramref name="cpu"/> (below 64).</summary>
    internal static unsafe void PinCurrentThread(int cpu)
    {
        ulong mask = 1UL << cpu;
        if (SchedSetAffinity(0, sizeof(ulong), &mask) != 0) throw new InvalidOperationException($"sched_setaffinity to CPU {cpu} failed: errno {Marshal.GetLastPInvokeError()}");
    }
}
