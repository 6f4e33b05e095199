using Layered.BlockStack;
using Layered.BlockStack.Memory;

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
