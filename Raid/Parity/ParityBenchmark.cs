using System.Diagnostics;
using Layered.Raid.Parity.Kernels;

namespace Layered.Raid.Parity;

/// <summary>
/// Measures parity throughput per core against a plain copy of the same data, for the CLI. Small
/// stripes (4 x 64 KiB) stay in cache and show the arithmetic; large ones (8 x 4 MiB) show how
/// close parity gets to memory bandwidth. Not a test: it takes as long as it is told to.
/// </summary>
public static class ParityBenchmark
{
    public const int MaxChunkBytes = 256 * 1024 * 1024;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    // Enough calls for tiering, the caches and the TLB to settle before the clock starts.
    private const int WarmUpCalls = 8;

    /// <summary>
    /// Runs XOR (P only), P+Q, and a copy of the data, each for <paramref name="duration"/>, on
    /// one thread, with <paramref name="engine"/> chosen explicitly (the global
    /// <see cref="RaidParity.Engine"/> is left alone).
    /// </summary>
    public static ParityBenchResult Run(ParityEngine engine, int dataChunks, int chunkBytes, TimeSpan duration)
        => Run(ParityKernels.For(engine), dataChunks, chunkBytes, duration);

    /// <summary>The same for one implementation, e.g. 256-bit GFNI on a CPU that also has 512-bit.</summary>
    internal static ParityBenchResult Run(ParityKernels kernels, int dataChunks, int chunkBytes, TimeSpan duration)
    {
        ParityArguments.Count(dataChunks, 1);
        ParityArguments.Length(chunkBytes, nameof(chunkBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkBytes, MaxChunkBytes);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(duration, MaxDuration);

        // Data chunks, then P and Q, then a copy target as large as the data, all 64-byte aligned.
        Memory<byte> buffer = AlignedBuffer(2L * dataChunks * chunkBytes + 2L * chunkBytes);
        int stripeBytes = dataChunks * chunkBytes;
        Memory<byte> stripe = buffer[..stripeBytes];
        Random.Shared.NextBytes(stripe.Span);
        var data = new ReadOnlyMemory<byte>[dataChunks];
        for (int i = 0; i < dataChunks; i++)
        {
            data[i] = stripe.Slice(i * chunkBytes, chunkBytes);
        }

        Memory<byte> p = buffer.Slice(stripeBytes, chunkBytes);
        Memory<byte> q = buffer.Slice(stripeBytes + chunkBytes, chunkBytes);
        Memory<byte> copy = buffer.Slice(stripeBytes + 2 * chunkBytes, stripeBytes);

        double xor = Measure(stripeBytes, duration, () => RaidParity.ComputeP(kernels, data, p.Span));
        double pq = Measure(stripeBytes, duration, () => RaidParity.ComputePQ(kernels, data, p.Span, q.Span));
        double memcpy = Measure(stripeBytes, duration, () => stripe.Span.CopyTo(copy.Span));
        return new ParityBenchResult(kernels.Engine, dataChunks, chunkBytes, xor, pq, memcpy);
    }

    private static double Measure(long bytesPerCall, TimeSpan duration, Action call)
    {
        for (int i = 0; i < WarmUpCalls; i++)
        {
            call();
        }

        long calls = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            call();
            calls++;
        }

        return calls * (double)bytesPerCall / clock.Elapsed.TotalSeconds / 1e9;
    }

    private static Memory<byte> AlignedBuffer(long lengthBytes)
    {
        const int Alignment = RaidParity.BlockBytes;
        if (lengthBytes > Array.MaxLength - Alignment)
        {
            throw new ArgumentOutOfRangeException(nameof(lengthBytes), lengthBytes, "The benchmark stripe does not fit one array.");
        }

        // Pinned, so the address (and so the alignment) never changes.
        byte[] array = GC.AllocateUninitializedArray<byte>((int)lengthBytes + Alignment, pinned: true);
        int misalignment = (int)(GetAddress(array) % Alignment);
        return array.AsMemory(misalignment == 0 ? 0 : Alignment - misalignment, (int)lengthBytes);
    }

    private static unsafe ulong GetAddress(byte[] array)
    {
        fixed (byte* first = array)
        {
            return (ulong)first;
        }
    }
}
