using Layered.Raid.Parity;
using Layered.Raid.Parity.Kernels;
using Layered.TestKit.Contracts;
using Xunit.Abstractions;

namespace Layered.Raid.Tests.Parity;

public class ParityGenerationTests(ITestOutputHelper output)
{
    // Odd multiples of 64 (192, 320, ...) leave a tail shorter than one 4-vector block.
    private static readonly int[] s_lengthsBytes = [64, 128, 192, 320, 4096, 4160, 64 * 1024 + 192, 256 * 1024];

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void PAndQMatchTheScalarEngineFor2To16ChunksFrom64BytesTo256KiB(ParityEngine engine)
    {
        if (!Engines.Available(engine, output))
        {
            return;
        }

        int seed = Seeds.Next(nameof(PAndQMatchTheScalarEngineFor2To16ChunksFrom64BytesTo256KiB));
        var random = new Random(seed);
        foreach (ParityKernels kernels in ParityKernels.Implementations(engine))
        {
            for (int chunks = 2; chunks <= 16; chunks++)
            {
                foreach (int lengthBytes in s_lengthsBytes)
                {
                    byte[][] data = Stripe.Random(random, chunks, lengthBytes);
                    (byte[] expectedP, byte[] expectedQ) = Stripe.ReferenceParity(data);
                    var p = new byte[lengthBytes];
                    var q = new byte[lengthBytes];
                    var pOnly = new byte[lengthBytes];

                    RaidParity.ComputePQ(kernels, Stripe.AsMemory(data), p, q);
                    RaidParity.ComputeP(kernels, Stripe.AsMemory(data), pOnly);

                    string context = $"seed {seed}, {kernels}, {chunks} chunks of {lengthBytes} bytes";
                    Stripe.Equal(expectedP, p, $"P from ComputePQ, {context}");
                    Stripe.Equal(expectedQ, q, $"Q, {context}");
                    Stripe.Equal(expectedP, pOnly, $"P from ComputeP, {context}");
                }
            }
        }
    }

    [Fact]
    public void ScalarQIsTheDefiningSumOfPowersOfTwoTimesEachChunk()
    {
        int seed = Seeds.Next(nameof(ScalarQIsTheDefiningSumOfPowersOfTwoTimesEachChunk));
        byte[][] data = Stripe.Random(new Random(seed), 5, 128);
        (byte[] p, byte[] q) = Stripe.ReferenceParity(data);
        for (int offset = 0; offset < 128; offset++)
        {
            int expectedP = 0;
            int expectedQ = 0;
            for (int i = 0; i < data.Length; i++)
            {
                expectedP ^= data[i][offset];
                expectedQ ^= GaloisField.Multiply(GaloisField.Exp(i), data[i][offset]);
            }

            Assert.True(expectedP == p[offset], $"seed {seed}: P byte {offset}");
            Assert.True(expectedQ == q[offset], $"seed {seed}: Q byte {offset}");
        }
    }

    [Fact]
    public void OneChunkHasItselfAsBothPAndQ()
    {
        foreach (ParityKernels kernels in Enum.GetValues<ParityEngine>().SelectMany(ParityKernels.Implementations))
        {
            byte[][] data = Stripe.Random(new Random(1), 1, 320);
            var p = new byte[320];
            var q = new byte[320];
            RaidParity.ComputePQ(kernels, Stripe.AsMemory(data), p, q);
            Stripe.Equal(data[0], p, $"{kernels} P");
            Stripe.Equal(data[0], q, $"{kernels} Q");
        }
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void XorAddsTheSourceIntoTheTarget(ParityEngine engine)
    {
        if (!Engines.Available(engine, output))
        {
            return;
        }

        int seed = Seeds.Next(nameof(XorAddsTheSourceIntoTheTarget));
        var random = new Random(seed);
        foreach (int lengthBytes in s_lengthsBytes)
        {
            byte[][] pair = Stripe.Random(random, 2, lengthBytes);
            byte[] expected = pair[0].Zip(pair[1], (a, b) => (byte)(a ^ b)).ToArray();
            RaidParity.Xor(ParityKernels.For(engine), pair[0], pair[1]);
            Stripe.Equal(expected, pair[1], $"seed {seed}, {engine}, {lengthBytes} bytes");
        }
    }

    [Fact]
    public void PublicMethodsUseTheSelectedEngineAndDefaultToTheBest()
    {
        Assert.Equal(RaidParity.BestEngine, RaidParity.Engine);
        int seed = Seeds.Next(nameof(PublicMethodsUseTheSelectedEngineAndDefaultToTheBest));
        byte[][] data = Stripe.Random(new Random(seed), 6, 4160);
        (byte[] expectedP, byte[] expectedQ) = Stripe.ReferenceParity(data);
        ParityEngine original = RaidParity.Engine;
        try
        {
            foreach (ParityEngine engine in Enum.GetValues<ParityEngine>().Where(RaidParity.IsSupported))
            {
                RaidParity.Engine = engine;
                Assert.Equal(engine, RaidParity.Engine);
                var p = new byte[4160];
                var q = new byte[4160];
                RaidParity.ComputePQ(Stripe.AsMemory(data), p, q);
                Stripe.Equal(expectedP, p, $"seed {seed}, {engine} P");
                Stripe.Equal(expectedQ, q, $"seed {seed}, {engine} Q");
            }
        }
        finally
        {
            RaidParity.Engine = original;
        }
    }
}
