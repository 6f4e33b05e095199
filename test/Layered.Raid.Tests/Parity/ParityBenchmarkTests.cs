using Layered.Raid.Parity;

namespace Layered.Raid.Tests.Parity;

public class ParityBenchmarkTests
{
    [Fact]
    public void ABriefBenchmarkReportsPositiveThroughputForEveryAvailableEngine()
    {
        foreach (ParityEngine engine in Enum.GetValues<ParityEngine>().Where(RaidParity.IsSupported))
        {
            ParityBenchResult result = ParityBenchmark.Run(engine, 3, 4096, TimeSpan.FromMilliseconds(5));
            Assert.Equal(engine, result.Engine);
            Assert.True(result.XorGBps > 0 && result.PQGBps > 0 && result.MemcpyGBps > 0, result.ToString());
        }
    }

    [Fact]
    public void TheBenchmarkRejectsUnboundedOrMalformedRuns()
    {
        Assert.Throws<ArgumentException>(() => ParityBenchmark.Run(ParityEngine.Scalar, 2, 100, TimeSpan.FromMilliseconds(1)));
        Assert.Throws<ArgumentException>(() => ParityBenchmark.Run(ParityEngine.Scalar, 0, 64, TimeSpan.FromMilliseconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParityBenchmark.Run(ParityEngine.Scalar, 2, 64, TimeSpan.FromHours(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParityBenchmark.Run(ParityEngine.Scalar, 2, 64, TimeSpan.Zero));
    }
}
