using System.Collections.Concurrent;
using System.Text;
using Layered.BlockStack.Uring;
using Layered.Fs.Format;
using Layered.Fs.Posix;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    public static long NowNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>The attributes a caller sees; their times count as read from here on (see <see cref="TouchByWrite"/>).</summary>
    private InodeAttributes ToAttributes(ulong ino, InodeRecord record)
    {
        // No lock when the inode's stripe holds nothing (IsEmpty and Count would take them all).
        if (_timesUnseen.TryRemove(ino, out _)) Interlocked.Decrement(ref _timesUnseenCount);
        return new(ino, record.Generation, record.Mode, record.Uid, record.Gid, record.Links, record.Size,
            record.Blocks * (BlockSize / 512), record.AccessNs, record.ModifyNs, record.ChangeNs, record.BirthNs, record.Rdev, BlockSize);
    }

    /// <summary>The most inodes whose times are tracked as unread; past it the tracking starts over (every next write then moves times).</summary>
    private const int MaxTimesUnseen = 65536;

    /// <summary>Inodes whose times a write moved that no caller has read since.</summary>
    private readonly ConcurrentDictionary<ulong, byte> _timesUnseen = new();

    /// <summary>About how many <see cref="_timesUnseen"/> holds (it only bounds the table).</summary>
    private int _timesUnseenCount;

    /// <summary>
    /// Moves mtime and ctime for an overwrite, unless the last write moved them less than
    /// <see cref="FsMountOptions.WriteTimeFoldMs"/> ago and nobody has read them since: then
    /// the write folds into that one and the record stays as it is. Returns whether it changed.
    /// Like the kernel's multigrain timestamps: coarse while unobserved, exact once looked at.
    /// </summary>
    private bool TouchByWrite(ulong ino, InodeRecord record)
    {
        var now = NowNs();
        var foldNs = (ulong)_options.WriteTimeFoldMs * 1_000_000UL;
        // Unsigned: times ahead of the clock (set by utimes, or a clock stepped back) never fold.
        if ((ulong)(now - record.ModifyNs) < foldNs && (ulong)(now - record.ChangeNs) < foldNs && _timesUnseen.ContainsKey(ino)) return false;
        Touch(record);
        if (foldNs > 0 && _timesUnseen.TryAdd(ino, 0) && Interlocked.Increment(ref _timesUnseenCount) > MaxTimesUnseen)
        {
            _timesUnseen.Clear();
            Volatile.Write(ref _timesUnseenCount, 0);
        }
        return true;
    }

    /// <summary>A new inode numbered from the never-reused counter, so an inode number and generation never repeat.</summary>
    private async ValueTask<(ulong Ino, InodeRecord Record)> NewInodeAsync(InodeRecord parent, ulong parentIno, uint mode, uint uid, uint gid, ulong rdev, CancellationToken ct)
    {
        var ino = _root.NextInode++;
        _root.Inodes++;
        SaveRoot();
        var now = NowNs();
        var record = new InodeRecord
        {
            Mode = mode,
            Uid = uid,
            Gid = gid,
            Links = UnixMode.KindOf(mode) == FileKind.Directory ? 2u : 1u,
            AccessNs = now,
            ModifyNs = now,
            ChangeNs = now,
            BirthNs = now,
            Rdev = rdev,
            Generation = _cache.NextTransaction,
            Parent = parentIno,
            Placement = parent.Placement,
        };
        await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
        return (ino, record);
    }

    private async ValueTask<InodeRecord> GetDirectoryAsync(ulong ino, CancellationToken ct)
    {
        var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
        if (UnixMode.KindOf(record.Mode) != FileKind.Directory) throw new FsException(Errno.ENOTDIR, $"inode {ino} is not a directory");
        return record;
    }

    private static byte[] ValidateName(string name)
    {
        if (name.Length == 0) throw new FsException(Errno.ENOENT, "an empty name names nothing");
        if (name.Contains('/') || name.Contains('\0')) throw new FsException(Errno.EINVAL, $"'{name}' is not a single path component");
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length > NameMax) throw new FsException(Errno.ENAMETOOLONG, $"a name of {bytes.Length} bytes is longer than {NameMax}");
        return bytes;
    }

    private static bool IsDotName(string name) => name is "." or "..";

    private static void Touch(InodeRecord record, bool modify = true)
    {
        var now = NowNs();
        if (modify) record.ModifyNs = now;
        record.ChangeNs = now;
    }
}
