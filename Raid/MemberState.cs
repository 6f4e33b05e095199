namespace Layered.Raid;

/// <summary>The state of one slot (role) in a set, as recorded in every member's superblock.</summary>
public enum MemberState : byte
{
    /// <summary>In sync and serving reads and writes.</summary>
    Active = 0,

    /// <summary>Being rebuilt: in sync below the rebuild checkpoint, receiving writes everywhere.</summary>
    Rebuilding = 1,

    /// <summary>Failed: no longer read or written.</summary>
    Faulty = 2,

    /// <summary>The slot has no member.</summary>
    Removed = 3,

    /// <summary>A spare waiting to take a failed slot.</summary>
    Spare = 4,
}
