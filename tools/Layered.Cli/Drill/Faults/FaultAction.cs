namespace Layered.Cli.Drill.Faults;

internal enum FaultAction
{
    /// <summary>Fail a member by request (RaidDevice.Fail), as if it had failed a write.</summary>
    Fail,

    /// <summary>The member's device stops answering (DeviceGone); the set must notice by itself.</summary>
    FailStop,

    /// <summary>Take the failed member out of its slot.</summary>
    Remove,

    /// <summary>Add a fresh device: it takes the empty slot and rebuilds at once.</summary>
    Add,

    /// <summary>Plug the removed device back in and add it again: it resyncs only what the bitmap marks.</summary>
    ReAdd,

    /// <summary>Fail another member while a rebuild runs (only where two members may be missing).</summary>
    FailDuringRebuild,

    /// <summary>Copy an active member onto a fresh device while the old one keeps serving.</summary>
    Replace,

    /// <summary>Add a fresh device while the set is whole: it waits as a spare.</summary>
    AddSpare,

    /// <summary>Power loss of every device, then reassembly with force; with a slot, that member does not come back.</summary>
    Crash,
}
