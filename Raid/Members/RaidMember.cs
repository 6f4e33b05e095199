using Layered.BlockStack;

namespace Layered.Raid.Members;

/// <summary>
/// One device in one slot of a set. A rebuilding member is in sync below its rebuild row;
/// it receives every write but serves reads only below that row. Its gate counts the I/O in
/// flight to it, so removal can wait for that I/O before unmapping tags or closing the device.
/// </summary>
public sealed class RaidMember(int slot, IBlockDevice device, MemberState state)
{
    private int _state = (int)state;
    private long _rebuildRow = state == MemberState.Rebuilding ? 0 : long.MaxValue;

    public int Slot { get; } = slot;

    public IBlockDevice Device { get; } = device;

    public MemberState State => (MemberState)Volatile.Read(ref _state);

    /// <summary>Rows below this are in sync; long.MaxValue when the member is fully in sync.</summary>
    public long RebuildRow => Volatile.Read(ref _rebuildRow);

    internal DrainGate Gate { get; } = new();

    public bool IsWritable => State is MemberState.Active or MemberState.Rebuilding;

    public bool IsReadable(long row) => State == MemberState.Active || (State == MemberState.Rebuilding && row < RebuildRow);

    internal void SetState(MemberState state) => Volatile.Write(ref _state, (int)state);

    /// <summary>Moves the rebuild frontier; reaching the end makes the member Active.</summary>
    internal void SetRebuildRow(long row) => Volatile.Write(ref _rebuildRow, row);

    internal bool TryTransition(MemberState from, MemberState to) => Interlocked.CompareExchange(ref _state, (int)to, (int)from) == (int)from;

    public override string ToString() => $"slot {Slot} {Device.Name} ({State})";
}
