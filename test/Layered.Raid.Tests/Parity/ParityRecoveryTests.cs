using Layered.Raid.Parity;
using Layered.Raid.Parity.Kernels;
using Layered.TestKit.Contracts;
using Xunit.Abstractions;

namespace Layered.Raid.Tests.Parity;

public class ParityRecoveryTests(ITestOutputHelper output)
{
    // 192 ends in a partial block; 40 KiB + 192 spans several 16 KiB recovery tiles and a short last one.
    private static readonly int[] s_lengthsBytes = [192, 40 * 1024 + 192];

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void RecoveryFromPRestoresEveryMissingChunk(ParityEngine engine)
    {
        if (!Engines.Available(engine, output))
        {
            return;
        }

        int seed = Seeds.Next(nameof(RecoveryFromPRestoresEveryMissingChunk));
        var random = new Random(seed);
        foreach (ParityKernels kernels in ParityKernels.Implementations(engine))
        {
            foreach (int lengthBytes in s_lengthsBytes)
            {
                for (int chunks = 1; chunks <= 10; chunks++)
                {
                    byte[][] data = Stripe.Random(random, chunks, lengthBytes);
                    (byte[] p, _) = Stripe.ReferenceParity(data);
                    for (int missing = 0; missing < chunks; missing++)
                    {
                        var target = new byte[lengthBytes];
                        RaidParity.RecoverDataFromP(kernels, Stripe.WithLost(data, missing), p, missing, target);
                        Stripe.Equal(data[missing], target, $"seed {seed}, {kernels}, chunk {missing} of {chunks}, {lengthBytes} bytes");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void RecoveryFromQRestoresEveryMissingChunkWhenPIsAlsoLost(ParityEngine engine)
    {
        if (!Engines.Available(engine, output))
        {
            return;
        }

        int seed = Seeds.Next(nameof(RecoveryFromQRestoresEveryMissingChunkWhenPIsAlsoLost));
        var random = new Random(seed);
        foreach (ParityKernels kernels in ParityKernels.Implementations(engine))
        {
            foreach (int lengthBytes in s_lengthsBytes)
            {
                for (int chunks = 1; chunks <= 10; chunks++)
                {
                    byte[][] data = Stripe.Random(random, chunks, lengthBytes);
                    (_, byte[] q) = Stripe.ReferenceParity(data);
                    for (int missing = 0; missing < chunks; missing++)
                    {
                        var target = new byte[lengthBytes];
                        RaidParity.RecoverDataFromQ(kernels, Stripe.WithLost(data, missing), q, missing, target);
                        Stripe.Equal(data[missing], target, $"seed {seed}, {kernels}, chunk {missing} of {chunks}, {lengthBytes} bytes");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void RecoveryOfTwoRestoresEveryPairOfMissingChunks(ParityEngine engine)
    {
        if (!Engines.Available(engine, output))
        {
            return;
        }

        int seed = Seeds.Next(nameof(RecoveryOfTwoRestoresEveryPairOfMissingChunks));
        var random = new Random(seed);
        foreach (ParityKernels kernels in ParityKernels.Implementations(engine))
        {
            foreach (int lengthBytes in s_lengthsBytes)
            {
                for (int chunks = 2; chunks <= 10; chunks++)
                {
                    byte[][] data = Stripe.Random(random, chunks, lengthBytes);
                    (byte[] p, byte[] q) = Stripe.ReferenceParity(data);
                    for (int x = 0; x < chunks; x++)
                    {
                        // Both orders: the formulas must not depend on x < y.
                        for (int y = 0; y < chunks; y++)
                        {
                            if (x == y)
                            {
                                continue;
                            }

                            var dx = new byte[lengthBytes];
                            var dy = new byte[lengthBytes];
                            RaidParity.RecoverTwoData(kernels, Stripe.WithLost(data, x, y), p, q, x, y, dx, dy);
                            string context = $"seed {seed}, {kernels}, chunks {x} and {y} of {chunks}, {lengthBytes} bytes";
                            Stripe.Equal(data[x], dx, $"dx, {context}");
                            Stripe.Equal(data[y], dy, $"dy, {context}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void PublicRecoveryMethodsRestoreTheLostChunks()
    {
        int seed = Seeds.Next(nameof(PublicRecoveryMethodsRestoreTheLostChunks));
        byte[][] data = Stripe.Random(new Random(seed), 5, 4096);
        var p = new byte[4096];
        var q = new byte[4096];
        RaidParity.ComputePQ(Stripe.AsMemory(data), p, q);
        var first = new byte[4096];
        var second = new byte[4096];

        RaidParity.RecoverDataFromP(Stripe.WithLost(data, 3), p, 3, first);
        Stripe.Equal(data[3], first, $"seed {seed}, from P");
        RaidParity.RecoverDataFromQ(Stripe.WithLost(data, 4), q, 4, first);
        Stripe.Equal(data[4], first, $"seed {seed}, from Q");
        RaidParity.RecoverTwoData(Stripe.WithLost(data, 0, 2), p, q, 0, 2, first, second);
        Stripe.Equal(data[0], first, $"seed {seed}, pair x");
        Stripe.Equal(data[2], second, $"seed {seed}, pair y");
    }
}
