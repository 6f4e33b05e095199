using Layered.BlockStack;
using Layered.BlockStack.Files;
using Layered.BlockStack.Memory;
using Layered.TestKit.Requirements;

namespace Layered.Raid.Tests.Io;

[RequiresLoopDevices]
public sealed class LoopMemberCapabilityTests
{
    [DeviceFact]
    public async Task OneMemberWithoutNativeFuaTakesFuaFromTheSet()
    {
        using var loop = LoopDevice.Attach(CapabilityTests.MemberBytes, 512);
        await using var onLoop = FileDevice.Open(loop.DevicePath, new FileDeviceOptions { Host = null, Name = "loop" });
        // The loop driver has no FUA of its own (its queue says so); the kernel would emulate it.
        var native = File.ReadAllText($"/sys/class/block/{Path.GetFileName(loop.DevicePath)}/queue/fua").Trim() == "1";
        Assert.Equal(native, onLoop.Capabilities.HasFlag(DeviceCapabilities.Fua));
        await using var raid = RaidSets.Create(RaidLevel.Raid1, [MemoryDevice.Create(CapabilityTests.MemberBytes), onLoop]);
        Assert.Equal(native, raid.Capabilities.HasFlag(DeviceCapabilities.Fua));
        // A FUA write still reaches both members and is honoured.
        using var memory = new BlockStack.Buffers.AlignedMemory(4096);
        Assert.True((await raid.WriteAsync(0, memory.Memory, WriteFlags.Fua)).IsOk);
    }
}
