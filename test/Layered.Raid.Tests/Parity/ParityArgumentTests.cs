using Layered.Raid.Parity;
using Layered.Raid.Parity.Kernels;

namespace Layered.Raid.Tests.Parity;

public class ParityArgumentTests
{
    private static ReadOnlyMemory<byte>[] Chunks(int count, int lengthBytes)
        => Enumerable.Range(0, count).Select(_ => (ReadOnlyMemory<byte>)new byte[lengthBytes]).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(100)]
    [InlineData(4097)]
    public void LengthsThatAreNotPositiveMultiplesOf64AreRejected(int lengthBytes)
    {
        var error = Assert.Throws<ArgumentException>(() => RaidParity.ComputeP(Chunks(2, lengthBytes), new byte[lengthBytes]));
        Assert.Contains("multiple of 64", error.Message);
        Assert.Throws<ArgumentException>(() => RaidParity.ComputePQ(Chunks(2, lengthBytes), new byte[lengthBytes], new byte[lengthBytes]));
        Assert.Throws<ArgumentException>(() => RaidParity.Xor(new byte[lengthBytes], new byte[lengthBytes]));
        Assert.Throws<ArgumentException>(() => RaidParity.UpdateP(new byte[lengthBytes], new byte[lengthBytes], new byte[lengthBytes]));
    }

    [Fact]
    public void MismatchedLengthsAreRejectedNamingTheBuffer()
    {
        var error = Assert.Throws<ArgumentException>(() => RaidParity.ComputeP([new byte[128], new byte[64]], new byte[128]));
        Assert.Contains("data[1] is 64 bytes, expected 128", error.Message);
        error = Assert.Throws<ArgumentException>(() => RaidParity.ComputePQ(Chunks(2, 128), new byte[128], new byte[64]));
        Assert.Equal("q", error.ParamName);
        Assert.Throws<ArgumentException>(() => RaidParity.Xor(new byte[64], new byte[128]));
        Assert.Throws<ArgumentException>(() => RaidParity.UpdateP(new byte[64], new byte[128], new byte[128]));
        Assert.Throws<ArgumentException>(() => RaidParity.UpdatePQ(new byte[128], new byte[128], 0, new byte[128], new byte[64]));
        Assert.Throws<ArgumentException>(() => RaidParity.RecoverDataFromP(Chunks(3, 128), new byte[128], 0, new byte[64]));
        Assert.Throws<ArgumentException>(() => RaidParity.RecoverDataFromQ(Chunks(3, 128), new byte[128], 0, new byte[192]));
        Assert.Throws<ArgumentException>(
            () => RaidParity.RecoverTwoData(Chunks(3, 128), new byte[128], new byte[128], 0, 1, new byte[128], new byte[64]));
    }

    [Fact]
    public void ChunkCountsOutsideTheLimitsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => RaidParity.ComputeP([], new byte[64]));
        var error = Assert.Throws<ArgumentException>(
            () => RaidParity.ComputePQ(Chunks(RaidParity.MaxDataChunks + 1, 64), new byte[64], new byte[64]));
        Assert.Contains("255", error.Message);
        Assert.Throws<ArgumentException>(
            () => RaidParity.RecoverTwoData(Chunks(1, 64), new byte[64], new byte[64], 0, 1, new byte[64], new byte[64]));
    }

    [Fact]
    public void MissingIndexesOutOfRangeAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RaidParity.RecoverDataFromP(Chunks(3, 64), new byte[64], 3, new byte[64]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RaidParity.RecoverDataFromQ(Chunks(3, 64), new byte[64], -1, new byte[64]));
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => RaidParity.RecoverTwoData(Chunks(3, 64), new byte[64], new byte[64], 0, 7, new byte[64], new byte[64]));
        Assert.Equal("y", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(
            () => RaidParity.UpdatePQ(new byte[64], new byte[64], RaidParity.MaxDataChunks, new byte[64], new byte[64]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RaidParity.UpdatePQ(new byte[64], new byte[64], -1, new byte[64], new byte[64]));
    }

    [Fact]
    public void TheSameChunkCannotBeBothMissingChunks()
    {
        var error = Assert.Throws<ArgumentException>(
            () => RaidParity.RecoverTwoData(Chunks(4, 64), new byte[64], new byte[64], 2, 2, new byte[64], new byte[64]));
        Assert.Contains("must differ", error.Message);
    }

    [Fact]
    public void AnEngineTheCpuLacksCannotBeSelected()
    {
        foreach (ParityEngine engine in Enum.GetValues<ParityEngine>().Where(e => !RaidParity.IsSupported(e)))
        {
            Assert.Throws<PlatformNotSupportedException>(() => ParityKernels.For(engine));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ParityKernels.For((ParityEngine)99));
    }
}
