using Layered.BlockStack.Uring;
using Layered.Fs.Directories;
using Layered.Fs.Format;
using Layered.Fs.Posix;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    /// <summary>rename and renameat2 (RENAME_NOREPLACE, RENAME_EXCHANGE). A directory never moves under itself.</summary>
    public async Task RenameAsync(ulong parent, string name, ulong newParent, string newName, RenameFlags flags = RenameFlags.None, CancellationToken ct = default)
    {
        if ((flags & ~(RenameFlags.NoReplace | RenameFlags.Exchange)) != 0 || flags == (RenameFlags.NoReplace | RenameFlags.Exchange))
            throw new FsException(Errno.EINVAL, $"rename flags {flags} are not valid");
        var orphan = await RunAsync(mutates: true, async ct =>
        {
            if (IsDotName(name) || IsDotName(newName)) throw new FsException(Errno.EINVAL, "'.' and '..' cannot be renamed");
            var sourceName = ValidateName(name);
            var targetName = ValidateName(newName);
            var sourceDir = await GetDirectoryAsync(parent, ct).ConfigureAwait(false);
            var targetDir = newParent == parent ? sourceDir : await GetDirectoryAsync(newParent, ct).ConfigureAwait(false);
            var sourceItem = await Directories.FindAsync(parent, sourceName, ct).ConfigureAwait(false)
                ?? throw new FsException(Errno.ENOENT, $"'{name}' does not exist in directory {parent}");
            var targetItem = await Directories.FindAsync(newParent, targetName, ct).ConfigureAwait(false);
            var source = DirectoryTarget.Decode(sourceItem.Payload);
            var target = targetItem is null ? (DirectoryTarget?)null : DirectoryTarget.Decode(targetItem.Payload);
            var sourceIsDir = source.Kind == FileKind.Directory;
            var targetIsDir = target?.Kind == FileKind.Directory;

            if (flags.HasFlag(RenameFlags.Exchange))
            {
                if (target is not { } other) throw new FsException(Errno.ENOENT, $"'{newName}' does not exist to exchange with");
                if (sourceIsDir && parent != newParent) await RequireNotUnderAsync(source.Ino, newParent, ct).ConfigureAwait(false);
                if (targetIsDir && parent != newParent) await RequireNotUnderAsync(other.Ino, parent, ct).ConfigureAwait(false);
                if (source.Ino == other.Ino) return 0UL;
                await Directories.SetPayloadAsync(parent, sourceItem, other.Encode(), ct).ConfigureAwait(false);
                await Directories.SetPayloadAsync(newParent, targetItem!, source.Encode(), ct).ConfigureAwait(false);
                if (parent != newParent)
                {
                    if (sourceIsDir) await MoveDirectoryAsync(source.Ino, sourceDir, targetDir, newParent, ct).ConfigureAwait(false);
                    if (targetIsDir) await MoveDirectoryAsync(other.Ino, targetDir, sourceDir, parent, ct).ConfigureAwait(false);
                }
                await TouchInodeAsync(source.Ino, ct).ConfigureAwait(false);
                await TouchInodeAsync(other.Ino, ct).ConfigureAwait(false);
                await SaveParentsAsync(parent, sourceDir, newParent, targetDir, ct).ConfigureAwait(false);
                return 0UL;
            }

            // The kernel's order: noreplace first, then a source above the target's directory
            // (a cycle, EINVAL) and a target above the source (not empty), then the types.
            if (target is not null && flags.HasFlag(RenameFlags.NoReplace))
                throw new FsException(Errno.EEXIST, $"'{newName}' already exists in directory {newParent}");
            if (sourceIsDir && parent != newParent) await RequireNotUnderAsync(source.Ino, newParent, ct).ConfigureAwait(false);
            if (targetIsDir && await IsAncestorAsync(target!.Value.Ino, parent, ct).ConfigureAwait(false))
                throw new FsException(Errno.ENOTEMPTY, $"'{newName}' contains '{name}'");
            if (target is { } existing)
            {
                if (existing.Ino == source.Ino) return 0UL;
                if (sourceIsDir && !targetIsDir) throw new FsException(Errno.ENOTDIR, $"'{newName}' is not a directory");
                if (!sourceIsDir && targetIsDir) throw new FsException(Errno.EISDIR, $"'{newName}' is a directory");
                if (targetIsDir && await Directories.AnyAsync(existing.Ino, ct).ConfigureAwait(false))
                    throw new FsException(Errno.ENOTEMPTY, $"directory '{newName}' is not empty");
            }

            await Directories.RemoveAsync(parent, sourceItem.Slot, ct).ConfigureAwait(false);
            var freeNow = 0UL;
            if (target is { } replaced)
            {
                await Directories.SetPayloadAsync(newParent, targetItem!, source.Encode(), ct).ConfigureAwait(false);
                if (targetIsDir) targetDir.Links--;
                var replacedRecord = await Inodes.GetAsync(replaced.Ino, ct).ConfigureAwait(false);
                if (await DropLinkAsync(replaced.Ino, replacedRecord, ct).ConfigureAwait(false)) freeNow = replaced.Ino;
            }
            else
            {
                await Directories.AddAsync(newParent, targetName, source.Encode(), ct).ConfigureAwait(false);
            }
            if (sourceIsDir && parent != newParent) await MoveDirectoryAsync(source.Ino, sourceDir, targetDir, newParent, ct).ConfigureAwait(false);
            await TouchInodeAsync(source.Ino, ct).ConfigureAwait(false);
            await SaveParentsAsync(parent, sourceDir, newParent, targetDir, ct).ConfigureAwait(false);
            return freeNow;
        }, ct).ConfigureAwait(false);
        if (orphan != 0) await FreeInodeAsync(orphan, ct).ConfigureAwait(false);
    }

    /// <summary>EINVAL when <paramref name="destination"/> is <paramref name="directory"/> or lies beneath it: the move would make a cycle.</summary>
    private async ValueTask RequireNotUnderAsync(ulong directory, ulong destination, CancellationToken ct)
    {
        if (await IsAncestorAsync(directory, destination, ct).ConfigureAwait(false))
            throw new FsException(Errno.EINVAL, $"directory {directory} cannot move beneath itself");
    }

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="directory"/> or one of its parents, up to the root.</summary>
    private async ValueTask<bool> IsAncestorAsync(ulong ancestor, ulong directory, CancellationToken ct)
    {
        var at = directory;
        for (var depth = 0; ; depth++)
        {
            if (at == ancestor) return true;
            if (at == RootIno) return false;
            if (depth > 1_000_000) throw new FsCorruptionException($"the parent chain from directory {directory} does not reach the root");
            at = (await Inodes.GetAsync(at, ct).ConfigureAwait(false)).Parent;
        }
    }

    private async ValueTask MoveDirectoryAsync(ulong ino, InodeRecord from, InodeRecord to, ulong toIno, CancellationToken ct)
    {
        var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
        record.Parent = toIno;
        await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
        from.Links--;
        to.Links++;
    }

    private async ValueTask TouchInodeAsync(ulong ino, CancellationToken ct)
    {
        var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
        Touch(record, modify: false);
        await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
    }

    private async ValueTask SaveParentsAsync(ulong parent, InodeRecord sourceDir, ulong newParent, InodeRecord targetDir, CancellationToken ct)
    {
        Touch(sourceDir);
        await Inodes.PutAsync(parent, sourceDir, ct).ConfigureAwait(false);
        if (newParent == parent) return;
        Touch(targetDir);
        await Inodes.PutAsync(newParent, targetDir, ct).ConfigureAwait(false);
    }
}
