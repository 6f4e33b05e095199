using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

internal static partial class Interop
{
    /// <summary>The highest CPU number a mask here can name (glibc's CPU_SETSIZE is 1024).</summary>
    internal const int MaxCpu = 1023;

    /// <summary>sched_setaffinity(2); pid 0 is the calling thread.</summary>
    [LibraryImport(Libc, EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static unsafe partial int SchedSetAffinity(int pid, nuint cpuSetSize, ulong* mask);

    /// <summary>Pins the calling thread to one CPU; false when the kernel refuses (an offline or absent CPU).</summary>
    internal static unsafe bool PinCurrentThread(int cpu)
    {
        ulong* mask = stackalloc ulong[(MaxCpu + 1) / 64];
        new Span<ulong>(mask, (MaxCpu + 1) / 64).Clear();
        mask[cpu / 64] = 1UL << (cpu % 64);
        return SchedSetAffinity(0, (MaxCpu + 1) / 8, mask) == 0;
    }
}
