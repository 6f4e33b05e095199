using Layered.BlockStack;
using Layered.Raid.Members;
using Layered.Raid.Tags;

namespace Layered.Raid;

public sealed partial class RaidDevice
{
    /// <summary>
    /// Writes issued to every writer of some slots (a member and, during a replace, its
    /// replacement), all at once. Completing them fails each member whose write failed, the one
    /// rule every set write follows.
    /// </summary>
    private sealed class SlotWrites(RaidDevice set)
    {
        private readonly List<(RaidMember Member, Task<IoResult> Write)> _writes = [];
        private readonly RaidMember?[] _writers = new RaidMember?[2];

        public int Count => _writes.Count;

        public void Add(int slot, long memberSector, Memory<byte> memory, MemberTagTable? tags = null, long bufferOffset = 0, WriteFlags flags = WriteFlags.None)
        {
            var count = set._slots[slot].Writers(_writers);
            for (var i = 0; i < count; i++)
                _writes.Add((_writers[i]!, set.MemberIoAsync(_writers[i]!, IoOp.Write, memberSector, memory, tags, bufferOffset, flags).AsTask()));
        }

        /// <summary>Waits for every write; true when there was at least one and all landed.</summary>
        public async Task<bool> CompleteAsync()
        {
            await Task.WhenAll(_writes.Select(w => w.Write)).ConfigureAwait(false);
            var landed = _writes.Count > 0;
            foreach (var (member, write) in _writes)
            {
                if (write.Result.IsOk) continue;
                set.OnMemberWriteFailed(member, write.Result);
                landed = false;
            }
            return landed;
        }
    }
}
