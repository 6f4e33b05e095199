using Layered.Fs.Allocation;
using Layered.TestKit.Contracts;

namespace Layered.Fs.Tests.Allocation;

public sealed class BitmapBitsTests
{
    [Fact]
    public void SearchesAndFillsAgreeWithReadingBitByBit()
    {
        var seed = Seeds.Next(nameof(SearchesAndFillsAgreeWithReadingBitByBit));
        var random = new Random(seed);
        var bits = new byte[448];
        var model = new bool[bits.Length * 8];
        for (var step = 0; step < 2_000; step++)
        {
            // long runs, so whole words of 0 and of 1 are common
            var start = random.Next(model.Length);
            var count = random.Next(0, Math.Min(random.Next(2) == 0 ? 9 : 900, model.Length - start) + 1);
            var value = random.Next(2) == 0;
            BitmapBits.Fill(bits, start, count, value);
            for (var i = start; i < start + count; i++) model[i] = value;

            var from = random.Next(model.Length + 1);
            var limit = random.Next(from, model.Length + 1);
            Assert.True(NaiveNext(model, from, limit, true) == BitmapBits.NextSet(bits, from, limit), $"seed {seed}, step {step}: NextSet({from}, {limit})");
            Assert.True(NaiveNext(model, from, limit, false) == BitmapBits.NextClear(bits, from, limit), $"seed {seed}, step {step}: NextClear({from}, {limit})");
        }
        for (var i = 0; i < model.Length; i++) Assert.True(model[i] == BitmapBits.Get(bits, i), $"seed {seed}: bit {i}");
    }

    private static int NaiveNext(bool[] model, int from, int limit, bool value)
    {
        for (var i = from; i < limit; i++)
            if (model[i] == value) return i;
        return limit;
    }
}
