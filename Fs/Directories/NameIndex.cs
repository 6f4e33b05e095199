using System.Buffers.Binary;
using System.Text;
using Layered.Fs.Format;
using Layered.Fs.Trees;

namespace Layered.Fs.Directories;

/// <summary>
/// Names owned by an inode, in a tree keyed (owner, slot) (see <see cref="NameKey"/>): directory
/// entries, and xattrs. Each item holds the name and a payload: the entry's target, or the xattr
/// value. Layout: docs/format.md, "Name items".
/// </summary>
public sealed class NameIndex(BTree tree)
{
    public BTree Tree { get; } = tree;

    /// <summary>The largest payload a name of <paramref name="nameBytes"/> bytes can carry.</summary>
    public int MaxPayload(int nameBytes) => Tree.MaxValueBytes - 1 - nameBytes;

    public async ValueTask<NameItem?> FindAsync(ulong owner, byte[] name, CancellationToken ct)
    {
        var slot = NameKey.BaseSlot(name);
        var items = await Tree.ScanAsync(new TreeKey(owner, slot), new TreeKey(owner, slot + NameKey.SequenceMask + 1), int.MaxValue, ct).ConfigureAwait(false);
        foreach (var item in items)
        {
            var decoded = Decode(item);
            if (decoded.Name.AsSpan().SequenceEqual(name)) return decoded;
        }
        return null;
    }

    /// <summary>Adds a name known to be absent; returns its slot.</summary>
    public async ValueTask<ulong> AddAsync(ulong owner, byte[] name, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var slot = NameKey.BaseSlot(name);
        var taken = await Tree.ScanAsync(new TreeKey(owner, slot), new TreeKey(owner, slot + NameKey.SequenceMask + 1), int.MaxValue, ct).ConfigureAwait(false);
        var free = slot;
        foreach (var item in taken)
        {
            if (item.Key.Lo != free) break;
            free++;
        }
        if (free > slot + NameKey.SequenceMask) throw new FsNoSpaceException($"more than {NameKey.SequenceMask + 1} names of inode {owner} share one hash");
        await Tree.PutAsync(new TreeKey(owner, free), Encode(name, payload.Span), ct).ConfigureAwait(false);
        return free;
    }

    public async ValueTask SetPayloadAsync(ulong owner, NameItem item, ReadOnlyMemory<byte> payload, CancellationToken ct) =>
        await Tree.PutAsync(new TreeKey(owner, item.Slot), Encode(item.Name, payload.Span), ct).ConfigureAwait(false);

    public async ValueTask RemoveAsync(ulong owner, ulong slot, CancellationToken ct)
    {
        if (!await Tree.DeleteAsync(new TreeKey(owner, slot), ct).ConfigureAwait(false))
            throw new FsCorruptionException($"name slot {slot:x} of inode {owner} vanished");
    }

    /// <summary>Names of <paramref name="owner"/> in slot order, from <paramref name="fromSlot"/>.</summary>
    public async ValueTask<List<NameItem>> ListAsync(ulong owner, ulong fromSlot, int max, CancellationToken ct)
    {
        var items = await Tree.ScanAsync(new TreeKey(owner, fromSlot), new TreeKey(owner + 1, 0), max, ct).ConfigureAwait(false);
        return items.ConvertAll(Decode);
    }

    public async ValueTask<bool> AnyAsync(ulong owner, CancellationToken ct) =>
        (await Tree.ScanAsync(new TreeKey(owner, 0), new TreeKey(owner + 1, 0), 1, ct).ConfigureAwait(false)).Count > 0;

    private static byte[] Encode(byte[] name, ReadOnlySpan<byte> payload)
    {
        var value = new byte[1 + name.Length + payload.Length];
        value[0] = (byte)name.Length;
        name.CopyTo(value, 1);
        payload.CopyTo(value.AsSpan(1 + name.Length));
        return value;
    }

    private static NameItem Decode(TreeItem item)
    {
        var value = item.Value;
        if (value.Length < 1 || value[0] == 0 || 1 + value[0] > value.Length)
            throw new FsCorruptionException($"name item {item.Key.Hi}:{item.Key.Lo:x} is malformed");
        var name = value.AsSpan(1, value[0]).ToArray();
        if ((NameKey.BaseSlot(name) ^ item.Key.Lo) > NameKey.SequenceMask)
            throw new FsCorruptionException($"name '{Encoding.UTF8.GetString(name)}' of inode {item.Key.Hi} sits in slot {item.Key.Lo:x}, which is not its hash");
        return new NameItem(item.Key.Lo, name, value.AsSpan(1 + name.Length).ToArray());
    }
}
