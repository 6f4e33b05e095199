using Layered.BlockStack.Uring;
using Layered.Fs.Format;
using Layered.Fs.Trees;

namespace Layered.Fs.Inodes;

/// <summary>
/// The inode tree: inode records under (ino, 0), symlink targets under (ino, 1), and the orphan
/// list under (0, ino): inodes with no name left whose blocks are still to be freed (open when
/// unlinked, or cut short by a crash). Mount frees what the orphan list names.
/// </summary>
public sealed class InodeStore(BTree tree)
{
    private const ulong RecordSlot = 0;
    private const ulong TargetSlot = 1;
    private const ulong OrphanOwner = 0;

    public BTree Tree { get; } = tree;

    public async ValueTask<InodeRecord?> TryGetAsync(ulong ino, CancellationToken ct)
    {
        if (ino == 0) return null;
        var value = await Tree.GetAsync(new TreeKey(ino, RecordSlot), ct).ConfigureAwait(false);
        if (value is null) return null;
        return InodeRecord.Decode(value) ?? throw new FsCorruptionException($"inode {ino}'s record is {value.Length} bytes, not {InodeRecord.Bytes}");
    }

    public async ValueTask<InodeRecord> GetAsync(ulong ino, CancellationToken ct) =>
        await TryGetAsync(ino, ct).ConfigureAwait(false) ?? throw new FsException(Errno.ENOENT, $"inode {ino} does not exist");

    public ValueTask PutAsync(ulong ino, InodeRecord record, CancellationToken ct) => Discard(Tree.PutAsync(new TreeKey(ino, RecordSlot), record.Encode(), ct));

    public async ValueTask DeleteAsync(ulong ino, CancellationToken ct)
    {
        await Tree.DeleteAsync(new TreeKey(ino, RecordSlot), ct).ConfigureAwait(false);
        await Tree.DeleteAsync(new TreeKey(ino, TargetSlot), ct).ConfigureAwait(false);
    }

    public ValueTask<byte[]?> GetTargetAsync(ulong ino, CancellationToken ct) => Tree.GetAsync(new TreeKey(ino, TargetSlot), ct);

    public ValueTask PutTargetAsync(ulong ino, byte[] target, CancellationToken ct) => Discard(Tree.PutAsync(new TreeKey(ino, TargetSlot), target, ct));

    public ValueTask AddOrphanAsync(ulong ino, CancellationToken ct) => Discard(Tree.PutAsync(new TreeKey(OrphanOwner, ino), Array.Empty<byte>(), ct));

    public async ValueTask RemoveOrphanAsync(ulong ino, CancellationToken ct) => await Tree.DeleteAsync(new TreeKey(OrphanOwner, ino), ct).ConfigureAwait(false);

    public async ValueTask<List<ulong>> OrphansAsync(CancellationToken ct)
    {
        var items = await Tree.ScanAsync(new TreeKey(OrphanOwner, 0), new TreeKey(OrphanOwner + 1, 0), int.MaxValue, ct).ConfigureAwait(false);
        return items.ConvertAll(i => i.Key.Lo);
    }

    private static async ValueTask Discard(ValueTask<bool> put) => await put.ConfigureAwait(false);
}
