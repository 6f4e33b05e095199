using Layered.BlockStack.Buffers;
using Layered.BlockStack.Memory;
using Layered.BlockStack.Simulation;

namespace Layered.BlockStack.Tests.Io;

public sealed class ByteRangeIoTests
{
    private const int Ss = 512;

    [Fact]
    public async Task ATransferLargerThanTheDeviceTakesIsCutIntoWholeSectorPiecesAndRoundTrips()
    {
        // 3 sectors a transfer: 10 sectors go as 3+3+3+1, which the device would refuse in one piece.
        await using var device = new MemoryDevice(new DeviceGeometry("mem", Guid.NewGuid(), Ss, 1024, MaxTransferBytes: 3 * Ss));
        using var source = new AlignedMemory(10 * Ss);
        using var target = new AlignedMemory(10 * Ss);
        new Random(7).NextBytes(source.Span);
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await device.WriteAsync(4, source.Memory));

        Assert.True((await ByteRangeIo.WriteAsync(device, 4 * Ss, source.Memory)).IsOk);
        Assert.True((await ByteRangeIo.ReadAsync(device, 4 * Ss, target.Memory)).IsOk);
        Assert.True(source.Span.SequenceEqual(target.Span));
    }

    [Fact]
    public async Task TheFirstFailedPieceIsReturnedWithItsSectorAndNothingAfterItIsWritten()
    {
        // 2 sectors a transfer; sector 3 refuses writes: [0,2) lands, [2,4) fails, [4,8) is never issued.
        var geometry = new DeviceGeometry("sim", Guid.NewGuid(), Ss, 1024, MaxTransferBytes: 2 * Ss);
        await using var device = new SimulatedDevice(geometry, new SimulationOptions { Seed = 3, Faults = [new FaultRule(FaultKind.WriteError) { FirstSector = 3, SectorCount = 1 }] });
        using var data = new AlignedMemory(8 * Ss);
        data.Span.Fill(0xAB);

        var failed = await ByteRangeIo.WriteAsync(device, 0, data.Memory);
        Assert.Equal(IoResult.Fail(IoStatus.IoError, 2), failed);

        using var back = new AlignedMemory(8 * Ss);
        Assert.True((await ByteRangeIo.ReadAsync(device, 0, back.Memory)).IsOk);
        Assert.True(back.Span[..(2 * Ss)].IndexOfAnyExcept((byte)0xAB) < 0, "the piece before the failure did not land");
        Assert.True(back.Span[(4 * Ss)..].IndexOfAnyExcept((byte)0) < 0, "a piece after the failure was written");
    }

    [Theory]
    [InlineData(0, 1024 * Ss, true)]
    [InlineData(1023 * Ss, Ss, true)]
    [InlineData(1023 * Ss, 2 * Ss, false)]
    [InlineData(-Ss, Ss, false)]
    public async Task FitsSaysWhetherARangeLiesOnTheDevice(long offsetBytes, long lengthBytes, bool fits)
    {
        await using var device = MemoryDevice.Create(1024 * Ss);
        Assert.Equal(fits, ByteRangeIo.Fits(device, offsetBytes, lengthBytes));
    }

    [Fact]
    public async Task CancellationStopsBeforeTheNextPiece()
    {
        await using var device = MemoryDevice.Create(1 << 20);
        using var data = new AlignedMemory(4 * Ss);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ByteRangeIo.ReadAsync(device, 0, data.Memory, cancelled.Token));
    }
}
