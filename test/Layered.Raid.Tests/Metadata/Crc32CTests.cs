using Layered.BlockStack.Integrity;
using System.Text;
using Layered.Raid.Metadata;
using Layered.TestKit.Contracts;

namespace Layered.Raid.Tests.Metadata;

public sealed class Crc32CTests
{
    [Fact]
    public void TheCheckValueOfTheStandardIsReproduced()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
        // RFC 3720 B.4: 32 bytes of zeros.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
    }

    [Fact]
    public void ChainedAndZeroedFieldFormsAgreeWithTheWholeBuffer()
    {
        var seed = Seeds.Next(nameof(ChainedAndZeroedFieldFormsAgreeWithTheWholeBuffer));
        var random = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var data = new byte[random.Next(4, 300)];
            random.NextBytes(data);
            var split = random.Next(data.Length + 1);
            Assert.True(Crc32C.Compute(data) == Crc32C.Compute(data.AsSpan(0, split), data.AsSpan(split)), $"seed {seed} case {i}");
            var field = random.Next(data.Length - 3);
            var zeroed = (byte[])data.Clone();
            zeroed.AsSpan(field, 4).Clear();
            Assert.True(Crc32C.Compute(zeroed) == Crc32C.ComputeWithZeroedField(data, field), $"seed {seed} case {i}");
        }
        Assert.NotEqual(Crc32C.Compute(Encoding.ASCII.GetBytes("a")), Crc32C.Compute(Encoding.ASCII.GetBytes("b")));
    }
}
