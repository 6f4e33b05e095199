using System.Text;

namespace Layered.Fs.Format;

/// <summary>
/// Where a name (a directory entry or an xattr) sits in its tree: key (owner ino, slot). The slot
/// is the name's 64-bit FNV-1a hash with the low 10 bits cleared for a collision sequence, kept
/// below 2^62 so it also serves as a positive readdir cookie. Lookups scan the 1024 slots of one
/// hash, so they stay O(log n) in the directory size.
/// </summary>
public static class NameKey
{
    public const int SequenceBits = 10;
    public const ulong SequenceMask = (1UL << SequenceBits) - 1;

    public static ulong BaseSlot(ReadOnlySpan<byte> name)
    {
        var hash = 0xcbf29ce484222325UL;
        foreach (var b in name) hash = (hash ^ b) * 0x100000001b3UL;
        return (hash >> 2) & ~SequenceMask;
    }

    public static ulong BaseSlot(string name) => BaseSlot(Encoding.UTF8.GetBytes(name));
}
