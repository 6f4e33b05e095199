using Layered.BlockStack.Buffers;
using Layered.BlockStack.Resilience;
using Layered.BlockStack.Simulation;
using Layered.TestKit.Contracts;

namespace Layered.BlockStack.Tests.Simulation;

public sealed class SimulatedDeviceFaultTests
{
    private const long Size = 16 << 20;
    private const int Ss = 512;

    [Fact]
    public async Task ReadAndWriteErrorsFireOnlyInsideTheirRange()
    {
        await using var device = SimulatedDevice.Create(Size, seed: 1,
        [
            new FaultRule(FaultKind.ReadError) { FirstSector = 100, SectorCount = 10 },
            new FaultRule(FaultKind.WriteError) { FirstSector = 200, SectorCount = 10 },
        ]);
        using var memory = new AlignedMemory(8 * Ss);
        Assert.True((await device.ReadAsync(0, memory.Memory)).IsOk);
        Assert.Equal(IoResult.Fail(IoStatus.IoError, 96), await device.ReadAsync(96, memory.Memory));
        Assert.True((await device.WriteAsync(100, memory.Memory)).IsOk);
        Assert.Equal(IoStatus.IoError, (await device.WriteAsync(205, memory.Memory)).Status);
        Assert.Equal([FaultKind.ReadError, FaultKind.WriteError], device.FaultTrace.Select(e => e.Kind));
    }

    [Fact]
    public async Task ALatentSectorErrorPersistsUntilTheSectorIsRewritten()
    {
        await using var device = SimulatedDevice.Create(Size, seed: 2, [new FaultRule(FaultKind.LatentSectorError) { FirstSector = 50, SectorCount = 1, MaxHits = 1 }]);
        using var memory = new AlignedMemory(64 * Ss);
        Assert.Equal(IoResult.Fail(IoStatus.MediumError, 50), await device.ReadAsync(0, memory.Memory));
        Assert.Equal(IoResult.Fail(IoStatus.MediumError, 50), await device.ReadAsync(40, memory.Memory[..(16 * Ss)]));
        Assert.True((await device.WriteAsync(50, memory.Memory[..Ss])).IsOk);
        Assert.True((await device.ReadAsync(0, memory.Memory)).IsOk);
    }

    [Fact]
    public async Task ATornWriteLandsOnlyAPrefixAndReportsWhereItStopped()
    {
        await using var device = SimulatedDevice.Create(Size, seed: 3, [new FaultRule(FaultKind.TornWrite) { MaxHits = 1 }]);
        using var memory = new AlignedMemory(64 * Ss);
        Patterns.Fill(memory.Span, 0, Ss, stamp: 1);
        var result = await device.WriteAsync(0, memory.Memory);
        Assert.Equal(IoStatus.IoError, result.Status);
        var landed = (int)result.Sector;
        Assert.Equal(landed, device.FaultTrace.Single().Detail);

        var readBack = new AlignedMemory(64 * Ss);
        Assert.True((await device.ReadAsync(0, readBack.Memory)).IsOk);
        Assert.Equal(-1, Patterns.FirstMismatch(readBack.Span[..(landed * Ss)], 0, Ss, stamp: 1));
        Assert.True(readBack.Span[(landed * Ss)..].IndexOfAnyExcept((byte)0) < 0, "sectors past the tear landed");
    }

    [Fact]
    public async Task ALostFlushLeavesWritesVolatileSoACrashLosesThem()
    {
        await using var device = new SimulatedDevice(new DeviceGeometry("sim", Guid.NewGuid(), Ss, Size / Ss),
            new SimulationOptions { Seed = 4, CrashLoseRate = 1.0, Faults = [new FaultRule(FaultKind.LostFlush)] });
        using var memory = new AlignedMemory(8 * Ss);
        memory.Span.Fill(9);
        Assert.True((await device.WriteAsync(0, memory.Memory)).IsOk);
        Assert.True((await device.FlushAsync()).IsOk);
        Assert.Equal(new CrashReport(0, 1, 0), device.Crash());
        Assert.True((await device.ReadAsync(0, memory.Memory)).IsOk);
        Assert.True(memory.Span.IndexOfAnyExcept((byte)0) < 0, "a lost flush still made the write durable");
    }

    [Fact]
    public async Task AnHonestFlushMakesWritesSurviveACrashThatLosesEverythingElse()
    {
        await using var device = new SimulatedDevice(new DeviceGeometry("sim", Guid.NewGuid(), Ss, Size / Ss),
            new SimulationOptions { Seed = 5, CrashLoseRate = 1.0 });
        using var memory = new AlignedMemory(8 * Ss);
        Patterns.Fill(memory.Span, 0, Ss, 1);
        await device.WriteAsync(0, memory.Memory);
        await device.FlushAsync();
        Patterns.Fill(memory.Span, 0, Ss, 2);
        await device.WriteAsync(0, memory.Memory);
        Assert.Equal(1, device.PendingWrites);
        device.Crash();
        await device.ReadAsync(0, memory.Memory);
        Assert.Equal(-1, Patterns.FirstMismatch(memory.Span, 0, Ss, 1));
    }

    [Fact]
    public async Task LatencyDelaysTheOperation()
    {
        await using var device = SimulatedDevice.Create(Size, seed: 6, [new FaultRule(FaultKind.Latency) { DelayMs = 100 }]);
        using var memory = new AlignedMemory(Ss);
        var io = device.ReadAsync(0, memory.Memory).AsTask();
        Assert.False(io.IsCompleted);
        Assert.True((await io.WaitAsync(TimeSpan.FromSeconds(10))).IsOk);
        Assert.Equal(FaultKind.Latency, device.FaultTrace.Single().Kind);
    }

    [Fact]
    public async Task FailStopRemovesTheDeviceForEveryLaterOperation()
    {
        await using var device = SimulatedDevice.Create(Size, seed: 7, [new FaultRule(FaultKind.FailStop) { AfterOps = 3 }]);
        using var memory = new AlignedMemory(Ss);
        for (var i = 0; i < 3; i++) Assert.True((await device.ReadAsync(i, memory.Memory)).IsOk);
        Assert.Equal(IoStatus.DeviceGone, (await device.WriteAsync(0, memory.Memory)).Status);
        Assert.Equal(IoStatus.DeviceGone, (await device.FlushAsync()).Status);
        Assert.True(device.IsRemoved);
    }

    [Fact]
    public async Task TransientErrorsAreRetriedBoundedlyThroughThePipeline()
    {
        var counters = new RetryCounters();
        var retry = IoRetry.Create(new IoRetryOptions { MaxRetries = 3, BaseDelay = TimeSpan.Zero }, counters);
        await using var device = new SimulatedDevice(new DeviceGeometry("sim", Guid.NewGuid(), Ss, Size / Ss),
            new SimulationOptions { Seed = 8, Faults = [new FaultRule(FaultKind.ReadError) { Transient = true, MaxHits = 2 }] }, retry);
        using var memory = new AlignedMemory(Ss);
        Assert.True((await device.ReadAsync(0, memory.Memory)).IsOk);
        Assert.Equal(2, counters.Retries);

        device.AddFault(new FaultRule(FaultKind.ReadError) { Transient = true });
        Assert.Equal(IoStatus.Transient, (await device.ReadAsync(0, memory.Memory)).Status);
        Assert.Equal(5, counters.Retries);
    }

    [Fact]
    public async Task TheSameSeedReplaysTheSameFaultsAndTheSameCrash()
    {
        var first = await RunSeededWorkload(seed: 1234);
        var again = await RunSeededWorkload(seed: 1234);
        var other = await RunSeededWorkload(seed: 4321);
        Assert.NotEmpty(first.Trace);
        Assert.Equal(first.Trace, again.Trace);
        Assert.Equal(first.Crash, again.Crash);
        Assert.Equal(first.Image, again.Image);
        Assert.NotEqual(first.Trace, other.Trace);
    }

    private static async Task<(FaultEvent[] Trace, CrashReport Crash, byte[] Image)> RunSeededWorkload(ulong seed)
    {
        FaultRule[] faults =
        [
            new(FaultKind.ReadError, 0.05),
            new(FaultKind.WriteError, 0.05),
            new(FaultKind.TornWrite, 0.05),
            new(FaultKind.LatentSectorError, 0.02),
            new(FaultKind.LostFlush, 0.3),
        ];
        await using var device = new SimulatedDevice(new DeviceGeometry("sim", Guid.NewGuid(), Ss, 4096),
            new SimulationOptions { Seed = seed, Faults = faults, CrashLoseRate = 0.4, CrashTearRate = 0.3 });
        var workload = new Random(99);
        using var memory = new AlignedMemory(16 * Ss);
        for (var op = 0; op < 2000; op++)
        {
            var sector = workload.Next(4096 - 16);
            switch (workload.Next(10))
            {
                case < 5:
                    Patterns.Fill(memory.Span, sector, Ss, (ulong)op);
                    await device.WriteAsync(sector, memory.Memory);
                    break;
                case < 9:
                    await device.ReadAsync(sector, memory.Memory);
                    break;
                default:
                    await device.FlushAsync();
                    break;
            }
        }
        var crash = device.Crash();
        var image = new byte[4096 * Ss];
        using var chunk = new AlignedMemory(512 * Ss);
        for (var s = 0; s < 4096; s += 512)
        {
            device.ClearFaults();
            await device.ReadAsync(s, chunk.Memory);
            chunk.Span.CopyTo(image.AsSpan(s * Ss));
        }
        return ([.. device.FaultTrace], crash, image);
    }
}
