using Layered.Raid.Parity;
using Layered.Raid.Parity.Kernels;

namespace Layered.Raid.Tests.Parity;

public class ParityAllocationTests
{
    [Fact]
    public void EveryOperationRunsWithoutAllocatingOnEveryEngine()
    {
        byte[][] data = Stripe.Random(new Random(7), 6, 20 * 1024);
        ReadOnlyMemory<byte>[] stripe = Stripe.AsMemory(data);
        var p = new byte[20 * 1024];
        var q = new byte[20 * 1024];
        var dx = new byte[20 * 1024];
        var dy = new byte[20 * 1024];
        foreach (ParityKernels kernels in Enum.GetValues<ParityEngine>().SelectMany(ParityKernels.Implementations).ToArray())
        {
            RunAll(kernels, stripe, data, p, q, dx, dy);
            long before = GC.GetAllocatedBytesForCurrentThread();
            RunAll(kernels, stripe, data, p, q, dx, dy);
            long allocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocatedBytes == 0, $"{kernels} allocated {allocatedBytes} bytes");
        }
    }

    private static void RunAll(
        ParityKernels kernels, ReadOnlyMemory<byte>[] stripe, byte[][] data, byte[] p, byte[] q, byte[] dx, byte[] dy)
    {
        RaidParity.ComputeP(kernels, stripe, p);
        RaidParity.ComputePQ(kernels, stripe, p, q);
        RaidParity.RecoverDataFromP(kernels, stripe, p, 1, dx);
        RaidParity.RecoverDataFromQ(kernels, stripe, q, 2, dx);
        RaidParity.RecoverTwoData(kernels, stripe, p, q, 3, 0, dx, dy);
        RaidParity.UpdateP(kernels, data[0], data[1], p);
        RaidParity.UpdatePQ(kernels, data[0], data[1], 4, p, q);
        RaidParity.Xor(kernels, data[2], dx);
    }
}
