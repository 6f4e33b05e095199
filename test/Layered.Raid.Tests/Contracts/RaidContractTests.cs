using Layered.BlockStack;
using Layered.TestKit.Contracts;

namespace Layered.Raid.Tests.Contracts;

/// <summary>The device contract on a set over memory members, healthy or with members failed.</summary>
public abstract class RaidContract : BlockDeviceContract
{
    protected abstract RaidLevel Level { get; }

    protected abstract int Members { get; }

    protected virtual int[] FailedSlots => [];

    protected override Task<IBlockDevice> OpenDeviceAsync()
    {
        var raid = RaidSets.Create(Level, RaidSets.MemoryMembers(Level, Members, DeviceBytes));
        foreach (var slot in FailedSlots) raid.Fail(slot);
        return Task.FromResult<IBlockDevice>(raid);
    }

    // Memory members keep every write: a restart is the same set.
    protected override Task<IBlockDevice> RestartAsync(IBlockDevice device) => Task.FromResult(device);
}

public sealed class LinearContractTests : RaidContract { protected override RaidLevel Level => RaidLevel.Linear; protected override int Members => 3; }
public sealed class Raid0ContractTests : RaidContract { protected override RaidLevel Level => RaidLevel.Raid0; protected override int Members => 4; }
public sealed class Raid1ContractTests : RaidContract { protected override RaidLevel Level => RaidLevel.Raid1; protected override int Members => 3; }
public sealed class Raid10ContractTests : RaidContract { protected override RaidLevel Level => RaidLevel.Raid10; protected override int Members => 4; }
public sealed class Raid5ContractTests : RaidContract { protected override RaidLevel Level => RaidLevel.Raid5; protected override int Members => 4; }
public sealed class Raid6ContractTests : RaidContract { protected override RaidLevel Level => RaidLevel.Raid6; protected override int Members => 5; }

public sealed class DegradedRaid1ContractTests : RaidContract { protected override RaidLevel Level => RaidLevel.Raid1; protected override int Members => 3; protected override int[] FailedSlots => [0, 2]; }
public sealed class DegradedRaid10ContractTests : RaidContract { protected override RaidLevel Level => RaidLevel.Raid10; protected override int Members => 4; protected override int[] FailedSlots => [1, 2]; }
public sealed class DegradedRaid5ContractTests : RaidContract { protected override RaidLevel Level => RaidLevel.Raid5; protected override int Members => 4; protected override int[] FailedSlots => [1]; }
public sealed class DegradedRaid6ContractTests : RaidContract { protected override RaidLevel Level => RaidLevel.Raid6; protected override int Members => 5; protected override int[] FailedSlots => [0, 3]; }

/// <summary>Sets stack: raid0 over two raid1 sets keeps the same contract as the built-in raid10.</summary>
public sealed class Raid0OverRaid1ContractTests : BlockDeviceContract
{
    protected override Task<IBlockDevice> OpenDeviceAsync()
    {
        var mirrors = Enumerable.Range(0, 2)
            .Select(i => (IBlockDevice)RaidSets.Create(RaidLevel.Raid1, RaidSets.MemoryMembers(RaidLevel.Raid1, 2, DeviceBytes / 2 + RaidSets.ChunkBytes, $"m{i}-")))
            .ToList();
        return Task.FromResult<IBlockDevice>(RaidSets.Create(RaidLevel.Raid0, mirrors));
    }

    protected override Task<IBlockDevice> RestartAsync(IBlockDevice device) => Task.FromResult(device);
}
