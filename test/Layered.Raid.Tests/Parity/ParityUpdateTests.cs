using Layered.Raid.Parity;
using Layered.Raid.Parity.Kernels;
using Layered.TestKit.Contracts;
using Xunit.Abstractions;

namespace Layered.Raid.Tests.Parity;

public class ParityUpdateTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void UpdatingParityFromOneChangedChunkEqualsAFullRecompute(ParityEngine engine)
    {
        if (!Engines.Available(engine, output))
        {
            return;
        }

        int seed = Seeds.Next(nameof(UpdatingParityFromOneChangedChunkEqualsAFullRecompute));
        var random = new Random(seed);
        foreach (ParityKernels kernels in ParityKernels.Implementations(engine))
        {
            foreach (int lengthBytes in new[] { 64, 192, 4096 + 320 })
            {
                for (int chunks = 1; chunks <= 8; chunks++)
                {
                    for (int index = 0; index < chunks; index++)
                    {
                        byte[][] data = Stripe.Random(random, chunks, lengthBytes);
                        (byte[] p, byte[] q) = Stripe.ReferenceParity(data);
                        byte[] pOnly = (byte[])p.Clone();
                        byte[] oldData = data[index];
                        byte[] newData = Stripe.Random(random, 1, lengthBytes)[0];

                        RaidParity.UpdatePQ(kernels, oldData, newData, index, p, q);
                        RaidParity.UpdateP(kernels, oldData, newData, pOnly);

                        data[index] = newData;
                        (byte[] expectedP, byte[] expectedQ) = Stripe.ReferenceParity(data);
                        string context = $"seed {seed}, {kernels}, chunk {index} of {chunks}, {lengthBytes} bytes";
                        Stripe.Equal(expectedP, p, $"P from UpdatePQ, {context}");
                        Stripe.Equal(expectedQ, q, $"Q from UpdatePQ, {context}");
                        Stripe.Equal(expectedP, pOnly, $"P from UpdateP, {context}");
                    }
                }
            }
        }
    }

    [Fact]
    public void PublicUpdateMethodsFollowAChangedChunk()
    {
        int seed = Seeds.Next(nameof(PublicUpdateMethodsFollowAChangedChunk));
        var random = new Random(seed);
        byte[][] data = Stripe.Random(random, 4, 1024);
        var p = new byte[1024];
        var q = new byte[1024];
        RaidParity.ComputePQ(Stripe.AsMemory(data), p, q);
        byte[] pOnly = (byte[])p.Clone();
        byte[] newData = Stripe.Random(random, 1, 1024)[0];

        RaidParity.UpdatePQ(data[2], newData, 2, p, q);
        RaidParity.UpdateP(data[2], newData, pOnly);

        data[2] = newData;
        (byte[] expectedP, byte[] expectedQ) = Stripe.ReferenceParity(data);
        Stripe.Equal(expectedP, p, $"seed {seed}, P");
        Stripe.Equal(expectedQ, q, $"seed {seed}, Q");
        Stripe.Equal(expectedP, pOnly, $"seed {seed}, P only");
    }
}
