namespace Layered.Raid;

public enum RaidLevel
{
    /// <summary>Members concatenated end to end.</summary>
    Linear,

    /// <summary>Chunks striped across all members; no redundancy.</summary>
    Raid0,

    /// <summary>Every member holds a full copy (n-way mirror).</summary>
    Raid1,

    /// <summary>Chunks striped across mirrored pairs (near layout, two copies).</summary>
    Raid10,

    /// <summary>Striped with one rotating parity chunk (left-symmetric).</summary>
    Raid5,

    /// <summary>Striped with two rotating syndromes, P (XOR) and Q (GF(2^8), polynomial 0x11D).</summary>
    Raid6,
}
