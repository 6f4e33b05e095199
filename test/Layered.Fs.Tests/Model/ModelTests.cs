using Layered.TestKit.Contracts;

namespace Layered.Fs.Tests.Model;

/// <summary>Long seeded operation sequences: the filesystem must answer exactly as the in-memory oracle does.</summary>
public sealed class ModelTests
{
    /// <summary>Offsets stay within 1 MiB of a file's start on a large volume.</summary>
    [Theory(Timeout = 120_000)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task RandomOperationsMatchTheOracleIncludingErrnos(int run)
    {
        var seed = Seeds.Next($"{nameof(RandomOperationsMatchTheOracleIncludingErrnos)}#{run}");
        var failure = await ModelRun.RunAndShrinkAsync(seed, 3000);
        Assert.True(failure is null, failure);
    }

    /// <summary>Writes and fallocates up to 1 GiB out in files on a 512 MiB volume: wide holes between extents.</summary>
    [Fact(Timeout = 120_000)]
    public async Task RandomOperationsWithFarSparseOffsetsMatchTheOracle()
    {
        var seed = Seeds.Next(nameof(RandomOperationsWithFarSparseOffsetsMatchTheOracle));
        var failure = await ModelRun.RunAndShrinkAsync(seed, 1000, farOffsets: true, volumeBytes: 512L << 20);
        Assert.True(failure is null, failure);
    }
}
