using System.Globalization;
using System.Text;
using Layered.BlockStack.Uring;
using Layered.Fs.Format;
using Layered.Fs.Posix;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    /// <summary>The xattr that sets where a file's data (or a directory's new files' data) goes: a volume index or uuid.</summary>
    public const string PlacementXattr = "user.layered.volume";

    private static readonly string[] s_xattrNamespaces = ["user.", "trusted.", "security.", "system."];

    public Task<byte[]> GetXattrAsync(ulong ino, string name, CancellationToken ct = default) =>
        RunAsync(mutates: false, async ct =>
        {
            var nameBytes = ValidateXattrName(name);
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            if (name == PlacementXattr)
                return record.Placement >= 0 ? Encoding.ASCII.GetBytes(record.Placement.ToString(CultureInfo.InvariantCulture)) : throw NoXattr(name, ino);
            var item = await Xattrs.FindAsync(ino, nameBytes, ct).ConfigureAwait(false) ?? throw NoXattr(name, ino);
            return item.Payload;
        }, ct);

    public Task SetXattrAsync(ulong ino, string name, ReadOnlyMemory<byte> value, XattrFlags flags = XattrFlags.None, CancellationToken ct = default) =>
        RunAsync(mutates: true, async ct =>
        {
            var nameBytes = ValidateXattrName(name);
            if (flags.HasFlag(XattrFlags.Create) && flags.HasFlag(XattrFlags.Replace)) throw new FsException(Errno.EINVAL, "XATTR_CREATE and XATTR_REPLACE do not combine");
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            if (name == PlacementXattr)
            {
                if (flags.HasFlag(XattrFlags.Create) && record.Placement >= 0) throw new FsException(Errno.EEXIST, $"{name} is already set");
                if (flags.HasFlag(XattrFlags.Replace) && record.Placement < 0) throw NoXattr(name, ino);
                record.Placement = ParseVolume(Encoding.UTF8.GetString(value.Span));
                Touch(record, modify: false);
                await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
                return;
            }
            if (value.Length > Xattrs.MaxPayload(nameBytes.Length))
                throw new FsException(Errno.E2BIG, $"an xattr value of {value.Length} bytes is larger than the {Xattrs.MaxPayload(nameBytes.Length)} this filesystem holds for that name");
            var existing = await Xattrs.FindAsync(ino, nameBytes, ct).ConfigureAwait(false);
            if (existing is not null && flags.HasFlag(XattrFlags.Create)) throw new FsException(Errno.EEXIST, $"xattr {name} already exists");
            if (existing is null && flags.HasFlag(XattrFlags.Replace)) throw NoXattr(name, ino);
            if (existing is null) await Xattrs.AddAsync(ino, nameBytes, value, ct).ConfigureAwait(false);
            else await Xattrs.SetPayloadAsync(ino, existing, value, ct).ConfigureAwait(false);
            Touch(record, modify: false);
            await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
        }, ct);

    public Task<IReadOnlyList<string>> ListXattrAsync(ulong ino, CancellationToken ct = default) =>
        RunAsync<IReadOnlyList<string>>(mutates: false, async ct =>
        {
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            var names = (await Xattrs.ListAsync(ino, 0, int.MaxValue, ct).ConfigureAwait(false)).ConvertAll(i => i.Text);
            if (record.Placement >= 0) names.Add(PlacementXattr);
            return names;
        }, ct);

    public Task RemoveXattrAsync(ulong ino, string name, CancellationToken ct = default) =>
        RunAsync(mutates: true, async ct =>
        {
            var nameBytes = ValidateXattrName(name);
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            if (name == PlacementXattr)
            {
                if (record.Placement < 0) throw NoXattr(name, ino);
                record.Placement = InodeRecord.NoPlacement;
            }
            else
            {
                var item = await Xattrs.FindAsync(ino, nameBytes, ct).ConfigureAwait(false) ?? throw NoXattr(name, ino);
                await Xattrs.RemoveAsync(ino, item.Slot, ct).ConfigureAwait(false);
            }
            Touch(record, modify: false);
            await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
        }, ct, frees: true);

    /// <summary>The xattr holding file capabilities, which a write, truncate or chown removes.</summary>
    public const string CapabilityXattr = "security.capability";

    private static readonly byte[] s_capabilityXattr = Encoding.ASCII.GetBytes(CapabilityXattr);

    /// <summary>
    /// Inside a mutating run: takes away what <paramref name="drop"/> names (see
    /// <see cref="PrivilegeDrop"/>) and changes the record's ctime when anything went. Returns
    /// whether the record changed; the caller then stores it.
    /// </summary>
    private async ValueTask<bool> DropPrivilegesAsync(ulong ino, InodeRecord record, PrivilegeDrop drop, CancellationToken ct)
    {
        var changed = false;
        if (drop.HasFlag(PrivilegeDrop.SetId) && UnixMode.KindOf(record.Mode) != FileKind.Directory)
        {
            var mode = record.Mode & ~UnixMode.S_ISUID;
            if ((mode & UnixMode.S_IXGRP) != 0) mode &= ~UnixMode.S_ISGID;
            changed = mode != record.Mode;
            record.Mode = mode;
        }
        if (drop.HasFlag(PrivilegeDrop.Capabilities) && await Xattrs.FindAsync(ino, s_capabilityXattr, ct).ConfigureAwait(false) is { } capabilities)
        {
            await Xattrs.RemoveAsync(ino, capabilities.Slot, ct).ConfigureAwait(false);
            changed = true;
        }
        if (changed) Touch(record, modify: false);
        return changed;
    }

    private int ParseVolume(string text)
    {
        text = text.Trim().TrimEnd('\0');
        var index = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : Guid.TryParse(text, out var id) ? Superblock.Volumes.ToList().FindIndex(v => v.Id == id) : -1;
        if (index < 0 || index >= Superblock.Volumes.Length) throw new FsException(Errno.EINVAL, $"'{text}' names no volume of this filesystem (0..{Superblock.Volumes.Length - 1} or a volume uuid)");
        if (!Superblock.Volumes[index].HoldsData) throw new FsException(Errno.EINVAL, $"volume {index} does not hold data");
        return index;
    }

    private static byte[] ValidateXattrName(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length == 0 || bytes.Length > NameMax) throw new FsException(Errno.ERANGE, $"an xattr name of {bytes.Length} bytes is outside 1..{NameMax}");
        if (!s_xattrNamespaces.Any(p => name.StartsWith(p, StringComparison.Ordinal) && name.Length > p.Length))
            throw new FsException(Errno.EOPNOTSUPP, $"xattr '{name}' is in no namespace (user., trusted., security., system.)");
        return bytes;
    }

    private static FsException NoXattr(string name, ulong ino) => new(Errno.ENODATA, $"inode {ino} has no xattr {name}");
}
