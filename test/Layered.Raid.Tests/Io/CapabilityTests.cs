using Layered.BlockStack;
using Layered.BlockStack.Files;
using Layered.BlockStack.Memory;
using Layered.TestKit.Requirements;

namespace Layered.Raid.Tests.Io;

public sealed class CapabilityTests
{
    internal const long MemberBytes = 8L << 20;

    [Fact]
    public async Task ASetOverMembersThatTakeFuaOffersFua()
    {
        await using var raid = RaidSets.Create(RaidLevel.Raid1, [MemoryDevice.Create(MemberBytes), MemoryDevice.Create(MemberBytes)]);
        Assert.True(raid.Capabilities.HasFlag(DeviceCapabilities.Fua));
    }
}

[RequiresLoopDevices]
public sealed class LoopMemberCapabilityTests
{
    [DeviceFact]
    public async Task OneMemberWithoutNativeFuaTakesFuaFromTheSet()
    {
        using var loop = LoopDevice.Attach(CapabilityTests.MemberBytes, 512);
        var onLoop = FileDevice.Open(loop.DevicePath, new FileDeviceOptions { Host = null, Name = "loop" });
        Assert.False(onLoop.Capabilities.HasFlag(DeviceCapabilities.Fua), "the loop driver has no native FUA");
        await using var raid = RaidSets.Create(RaidLevel.Raid1, [MemoryDevice.Create(CapabilityTests.MemberBytes), onLoop]);
        Assert.False(raid.Capabilities.HasFlag(DeviceCapabilities.Fua));
        // A FUA write still reaches both members and is honoured.
        using var memory = new BlockStack.Buffers.AlignedMemory(4096);
        Assert.True((await raid.WriteAsync(0, memory.Memory, WriteFlags.Fua)).IsOk);
    }
}
