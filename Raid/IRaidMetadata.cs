namespace Layered.Raid;

/// <summary>
/// Where a set records its state: member superblocks. The set calls it after every membership
/// or state change and at rebuild checkpoints, serialised, never from the I/O hot path.
/// </summary>
public interface IRaidMetadata
{
    ValueTask PersistAsync(RaidSnapshot snapshot);
}
