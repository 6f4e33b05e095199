using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Memory;
using Layered.BlockStack.Simulation;
using Layered.Raid.Metadata;

namespace Layered.Raid.Tests.Metadata;

public sealed class MemberSuperblockIoTests
{
    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    public async Task ASuperblockWrittenToADeviceReadsBackIdentical(int sectorSize)
    {
        await using var device = MemoryDevice.Create(64L << 20, sectorSize, $"m{sectorSize}");
        var superblock = MemberSuperblockTests.Simple().WithSlotDevice(0, device.Id, MemberState.Active).ForMember(device.Id, 0);
        Assert.True((await superblock.WriteAsync(device)).IsOk);

        var (read, error) = await MemberSuperblock.ReadAsync(device);
        Assert.Null(error);
        Assert.Equal(superblock, read);

        // Exactly the first 4096 bytes hold it, whatever the sector size.
        using var raw = new AlignedMemory(8192);
        Assert.True((await device.ReadAsync(0, raw.Memory)).IsOk);
        Assert.True(raw.Span[..8].SequenceEqual("LYRDRAID"u8));
        Assert.True(raw.Span[4096..].IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public async Task ADeviceWithoutASuperblockGivesAnError()
    {
        await using var device = MemoryDevice.Create(1 << 20, 512, "blank");
        var (read, error) = await MemberSuperblock.ReadAsync(device);
        Assert.Null(read);
        Assert.Contains("magic", error);
    }

    [Fact]
    public async Task ADeviceTooSmallForItsRecordedLayoutGivesAnError()
    {
        await using var big = MemoryDevice.Create(64L << 20, 512, "big");
        await using var small = MemoryDevice.Create(32L << 20, 512, "small");
        var superblock = MemberSuperblockTests.Simple();
        Assert.True((await superblock.WriteAsync(big)).IsOk);
        using var block = new AlignedMemory(4096);
        Assert.True((await big.ReadAsync(0, block.Memory)).IsOk);
        Assert.True((await small.WriteAsync(0, block.Memory)).IsOk);

        var (read, error) = await MemberSuperblock.ReadAsync(small);
        Assert.Null(read);
        Assert.Contains("places data up to", error);
        await Assert.ThrowsAsync<ArgumentException>(async () => await superblock.WriteAsync(small));
        await using var tiny = MemoryDevice.Create(2048, 512, "tiny");
        Assert.Contains("too small for a superblock", (await MemberSuperblock.ReadAsync(tiny)).Error);
    }

    [Fact]
    public async Task AReadErrorIsReportedWithItsSectorNotThrown()
    {
        await using var device = SimulatedDevice.Create(64L << 20, seed: 5, name: "sim");
        Assert.True((await MemberSuperblockTests.Simple().WriteAsync(device)).IsOk);
        device.MarkLatent(3);
        var (read, error) = await MemberSuperblock.ReadAsync(device);
        Assert.Null(read);
        Assert.Contains("superblock read failed", error);
        Assert.Contains("MediumError at sector 3", error);
    }

    [Fact]
    public async Task TheSuperblockWriteIsDurableWithoutAFlush()
    {
        await using var device = SimulatedDevice.Create(64L << 20, seed: 11, name: "sim");
        var superblock = MemberSuperblockTests.Simple();
        Assert.True((await superblock.WriteAsync(device)).IsOk);
        device.Crash();
        Assert.Equal(superblock, (await MemberSuperblock.ReadAsync(device)).Superblock);
    }

    [Fact]
    public async Task ASmallMaximumTransferIsHonoured()
    {
        await using var device = new MemoryDevice(new DeviceGeometry("narrow", Guid.NewGuid(), 512, (64L << 20) / 512, MaxTransferBytes: 512));
        var superblock = MemberSuperblockTests.Simple();
        Assert.True((await superblock.WriteAsync(device)).IsOk);
        Assert.Equal(superblock, (await MemberSuperblock.ReadAsync(device)).Superblock);
    }
}
