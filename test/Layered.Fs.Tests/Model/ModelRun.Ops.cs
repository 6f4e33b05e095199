using Layered.BlockStack.Uring;
using Layered.Fs.Posix;

namespace Layered.Fs.Tests.Model;

internal sealed partial class ModelRun
{
    private async Task StepAsync(int index)
    {
        var roll = _random.Next(1000);
        if (roll < 90) await CreateAsync(index, FileKind.Regular);
        else if (roll < 140) await CreateAsync(index, FileKind.Directory);
        else if (roll < 160) await CreateAsync(index, FileKind.Symlink);
        else if (roll < 170) await CreateAsync(index, FileKind.Fifo);
        else if (roll < 370) await WriteAsync(index);
        else if (roll < 450) await ReadAsync(index);
        else if (roll < 500) await TruncateAsync(index);
        else if (roll < 560) await FallocateAsync(index);
        else if (roll < 620) await UnlinkAsync(index);
        else if (roll < 650) await RmdirAsync(index);
        else if (roll < 730) await RenameAsync(index);
        else if (roll < 770) await LinkAsync(index);
        else if (roll < 790) await ReadLinkAsync(index);
        else if (roll < 870) await XattrAsync(index);
        else if (roll < 900) await OpenAsync(index);
        else if (roll < 930) await ReleaseAsync(index);
        else if (roll < 945) await FsyncAsync(index);
        else if (roll < 955) await RemountAsync(index);
        else if (roll < 980) await GetAttrAsync(index);
        else await LookupAsync(index);
    }

    private async Task CreateAsync(int index, FileKind kind)
    {
        var dirs = Directories();
        var dir = Pick(dirs);
        if (kind == FileKind.Directory && Depth(dir) >= 4) dir = _root;
        var name = Pick(s_names);
        var files = RegularFiles();
        var intoFile = files.Count > 0 && _random.Next(20) == 0;
        var parentIno = intoFile ? Pick(files).Ino : dir.Ino;
        var target = kind == FileKind.Symlink ? new string((char)('a' + _random.Next(26)), _random.Next(10) == 0 ? _random.Next(300, 4000) : _random.Next(1, 100)) : "";
        Log(index, $"{kind} {(intoFile ? $"<file {parentIno}>/{name}" : PathOf(dir, name))}{(target.Length > 0 ? $" -> {target.Length} bytes" : "")}");
        var (attrs, error) = await TryAsync(() => kind switch
        {
            FileKind.Regular => _fs.CreateAsync(parentIno, name, 0x1A4, 0, 0),
            FileKind.Directory => _fs.MkdirAsync(parentIno, name, 0x1ED, 0, 0),
            FileKind.Symlink => _fs.SymlinkAsync(parentIno, name, target, 0, 0),
            _ => _fs.MknodAsync(parentIno, name, UnixMode.Make(kind, 0x1A4), 0, 0, 0),
        });
        var expected = intoFile ? One(Errno.ENOTDIR) : dir.Entries.ContainsKey(name) ? One(Errno.EEXIST) : None;
        Expect($"{kind} {name}", error, expected);
        if (error is not null) return;
        var node = new OracleNode(kind, attrs.Ino) { Parent = kind == FileKind.Directory ? dir : null, Target = target };
        dir.Entries[name] = node;
        CompareAttributes($"{kind} {name}", node, attrs);
    }

    private OracleNode? PickFile(out bool directoryInstead)
    {
        var files = RegularFiles();
        directoryInstead = files.Count == 0 || _random.Next(40) == 0;
        return directoryInstead ? Pick(Directories()) : Pick(files);
    }

    private async Task WriteAsync(int index)
    {
        var file = PickFile(out var isDir)!;
        var offset = RandomOffset();
        var data = RandomBytes(RandomLength());
        Log(index, $"write ino {file.Ino} at {offset}, {data.Length} bytes");
        var (written, error) = await TryAsync(() => _fs.WriteAsync(file.Ino, offset, data));
        Expect($"write ino {file.Ino}", error, isDir ? One(Errno.EISDIR) : None);
        if (error is not null) return;
        if (written != data.Length) throw Diverged($"write ino {file.Ino} wrote {written} of {data.Length} bytes");
        file.Data.Write(offset, data);
    }

    private async Task ReadAsync(int index)
    {
        var file = PickFile(out var isDir)!;
        var offset = _random.Next(3) == 0 ? RandomOffset() : _random.NextInt64(Math.Max(1, file.Data.Size + 100));
        var buffer = new byte[RandomLength()];
        Log(index, $"read ino {file.Ino} at {offset}, {buffer.Length} bytes");
        var (read, error) = await TryAsync(() => _fs.ReadAsync(file.Ino, offset, buffer));
        Expect($"read ino {file.Ino}", error, isDir ? One(Errno.EISDIR) : None);
        if (error is not null) return;
        CompareRead(file, offset, buffer, read);
    }

    private static void CompareRead(OracleNode file, long offset, byte[] buffer, int read)
    {
        var expected = (int)Math.Clamp(file.Data.Size - offset, 0, buffer.Length);
        if (read != expected) throw Diverged($"read ino {file.Ino} at {offset} returned {read} bytes, the oracle {expected} (size {file.Data.Size})");
        var want = new byte[read];
        file.Data.Read(offset, want);
        var at = buffer.AsSpan(0, read).CommonPrefixLength(want);
        if (at < read)
            throw Diverged($"read ino {file.Ino} at {offset}: byte {offset + at} is {buffer[at]:x2}, the oracle says {want[at]:x2}");
    }

    private async Task TruncateAsync(int index)
    {
        var file = PickFile(out var isDir)!;
        var size = _random.Next(5) switch
        {
            0 => 0,
            1 => _random.NextInt64(file.Data.Size + 1),
            2 => file.Data.Size + _random.Next(1, 70_000),
            3 => RandomOffset(),
            _ => Math.Max(0, file.Data.Size - _random.Next(1, 9000)),
        };
        Log(index, $"truncate ino {file.Ino} from {file.Data.Size} to {size}");
        var (attrs, error) = await TryAsync(() => _fs.SetAttrAsync(file.Ino, new SetAttributes { Size = size }));
        Expect($"truncate ino {file.Ino}", error, isDir ? One(Errno.EISDIR) : None);
        if (error is not null) return;
        file.Data.SetSize(size);
        CompareAttributes($"truncate ino {file.Ino}", file, attrs);
    }

    private async Task FallocateAsync(int index)
    {
        var file = PickFile(out var isDir)!;
        FallocateMode[] modes = [FallocateMode.Default, FallocateMode.KeepSize, FallocateMode.PunchHole | FallocateMode.KeepSize,
            FallocateMode.ZeroRange, FallocateMode.ZeroRange | FallocateMode.KeepSize];
        var mode = Pick(modes);
        var offset = _random.Next(2) == 0 ? _random.NextInt64(Math.Max(1, file.Data.Size)) : RandomOffset();
        var length = (long)_random.Next(1, 300_000);
        Log(index, $"fallocate ino {file.Ino} {mode} at {offset}, {length} bytes (size {file.Data.Size})");
        var (_, error) = await TryAsync(() => _fs.FallocateAsync(file.Ino, mode, offset, length));
        Expect($"fallocate ino {file.Ino} {mode}", error, isDir ? One(Errno.EISDIR) : None);
        if (error is not null) return;
        var end = offset + length;
        if (mode.HasFlag(FallocateMode.PunchHole) || mode.HasFlag(FallocateMode.ZeroRange)) file.Data.Zero(offset, length);
        if (!mode.HasFlag(FallocateMode.KeepSize)) file.Data.Extend(end);
    }

    private (OracleNode Dir, string Name) PickName()
    {
        var entries = Entries();
        if (entries.Count > 0 && _random.Next(5) != 0)
        {
            var (dir, name, _) = Pick(entries);
            return (dir, name);
        }
        return (Pick(Directories()), Pick(s_names));
    }

    private async Task UnlinkAsync(int index)
    {
        var (dir, name) = PickName();
        Log(index, $"unlink {PathOf(dir, name)}");
        var (_, error) = await TryAsync(() => _fs.UnlinkAsync(dir.Ino, name));
        var node = dir.Entries.GetValueOrDefault(name);
        Expect($"unlink {name}", error, node is null ? One(Errno.ENOENT) : node.IsDirectory ? One(Errno.EISDIR) : None);
        if (error is not null) return;
        dir.Entries.Remove(name);
        DropName(node!);
    }

    /// <summary>A name of a non-directory went away: at none left it lives on only while open.</summary>
    private void DropName(OracleNode node)
    {
        if (node.IsDirectory) return;
        node.Names--;
        if (node.Names == 0 && node.Opens > 0) _orphans.Add(node);
    }

    private async Task RmdirAsync(int index)
    {
        var (dir, name) = PickName();
        Log(index, $"rmdir {PathOf(dir, name)}");
        var (_, error) = await TryAsync(() => _fs.RmdirAsync(dir.Ino, name));
        var node = dir.Entries.GetValueOrDefault(name);
        Expect($"rmdir {name}", error,
            node is null ? One(Errno.ENOENT) : !node.IsDirectory ? One(Errno.ENOTDIR) : node.Entries.Count > 0 ? One(Errno.ENOTEMPTY) : None);
        if (error is not null) return;
        dir.Entries.Remove(name);
    }

    private async Task RenameAsync(int index)
    {
        var (sourceDir, sourceName) = PickName();
        var (targetDir, targetName) = _random.Next(3) == 0 ? (Pick(Directories()), Pick(s_names)) : PickName();
        var flags = _random.Next(10) switch { < 6 => RenameFlags.None, < 8 => RenameFlags.NoReplace, _ => RenameFlags.Exchange };
        Log(index, $"rename {PathOf(sourceDir, sourceName)} -> {PathOf(targetDir, targetName)} {flags}");
        var (_, error) = await TryAsync(() => _fs.RenameAsync(sourceDir.Ino, sourceName, targetDir.Ino, targetName, flags));
        var source = sourceDir.Entries.GetValueOrDefault(sourceName);
        var target = targetDir.Entries.GetValueOrDefault(targetName);
        Expect($"rename {sourceName} -> {targetName} {flags}", error, RenameErrors(source, sourceDir, target, targetDir, flags));
        if (error is not null || source == target) return;
        if (flags == RenameFlags.Exchange)
        {
            sourceDir.Entries[sourceName] = target!;
            targetDir.Entries[targetName] = source!;
            if (source!.IsDirectory) source.Parent = targetDir;
            if (target!.IsDirectory) target.Parent = sourceDir;
            return;
        }
        sourceDir.Entries.Remove(sourceName);
        if (target is not null) DropName(target);
        targetDir.Entries[targetName] = source!;
        if (source!.IsDirectory) source.Parent = targetDir;
    }

    /// <summary>
    /// What Linux's renameat2 gives, in its order; where several errors apply, any of them is
    /// accepted here (the exact order is pinned by a Posix test).
    /// </summary>
    private static Errno[] RenameErrors(OracleNode? source, OracleNode sourceDir, OracleNode? target, OracleNode targetDir, RenameFlags flags)
    {
        if (source is null) return One(Errno.ENOENT);
        if (flags == RenameFlags.NoReplace && target is not null) return One(Errno.EEXIST);
        if (flags == RenameFlags.Exchange && target is null) return One(Errno.ENOENT);
        var errors = new List<Errno>();
        if (source.IsDirectory && sourceDir != targetDir && source.IsAncestorOrSelfOf(targetDir)) errors.Add(Errno.EINVAL);
        if (target is { IsDirectory: true } && sourceDir != targetDir && target.IsAncestorOrSelfOf(sourceDir))
            errors.Add(flags == RenameFlags.Exchange ? Errno.EINVAL : Errno.ENOTEMPTY);
        if (errors.Count == 0 && source == target) return None;
        if (target is not null && flags != RenameFlags.Exchange)
        {
            if (source.IsDirectory && !target.IsDirectory) errors.Add(Errno.ENOTDIR);
            if (!source.IsDirectory && target.IsDirectory) errors.Add(Errno.EISDIR);
            if (source.IsDirectory && target.IsDirectory && target.Entries.Count > 0) errors.Add(Errno.ENOTEMPTY);
        }
        return [.. errors.Distinct()];
    }

    private async Task LinkAsync(int index)
    {
        var entries = Entries();
        var candidates = entries.Select(e => e.Node).Concat(_orphans).Distinct().ToList();
        if (candidates.Count == 0) return;
        var node = Pick(candidates);
        var dir = Pick(Directories());
        var name = Pick(s_names);
        Log(index, $"link ino {node.Ino} as {PathOf(dir, name)}");
        var (attrs, error) = await TryAsync(() => _fs.LinkAsync(node.Ino, dir.Ino, name));
        var expected = new List<Errno>();
        if (dir.Entries.ContainsKey(name)) expected.Add(Errno.EEXIST);
        if (node.IsDirectory) expected.Add(Errno.EPERM);
        else if (node.Names == 0 && expected.Count == 0) expected.Add(Errno.ENOENT);
        Expect($"link ino {node.Ino} as {name}", error, expected);
        if (error is not null) return;
        dir.Entries[name] = node;
        node.Names++;
        CompareAttributes($"link ino {node.Ino}", node, attrs);
    }

    private async Task ReadLinkAsync(int index)
    {
        var entries = Entries();
        if (entries.Count == 0) return;
        var (dir, name, node) = Pick(entries);
        Log(index, $"readlink {PathOf(dir, name)}");
        var (target, error) = await TryAsync(() => _fs.ReadLinkAsync(node.Ino));
        Expect($"readlink {name}", error, node.Kind == FileKind.Symlink ? None : One(Errno.EINVAL));
        if (error is null && target != node.Target) throw Diverged($"readlink ino {node.Ino} gave {target?.Length} bytes, the oracle {node.Target.Length}");
    }

    private async Task XattrAsync(int index)
    {
        var nodes = Entries().Select(e => e.Node).Where(n => n.Kind is FileKind.Regular or FileKind.Directory).Append(_root).Distinct().ToList();
        var node = Pick(nodes);
        var name = "user." + Pick(s_names);
        switch (_random.Next(4))
        {
            case 0:
            {
                var flags = (XattrFlags)_random.Next(3);
                var value = RandomBytes(_random.Next(8) == 0 ? 0 : _random.Next(1, 300));
                Log(index, $"setxattr ino {node.Ino} {name} {value.Length} bytes {flags}");
                var (_, error) = await TryAsync(() => _fs.SetXattrAsync(node.Ino, name, value, flags));
                var exists = node.Xattrs.ContainsKey(name);
                Expect($"setxattr {name} {flags}", error,
                    flags == XattrFlags.Create && exists ? One(Errno.EEXIST) : flags == XattrFlags.Replace && !exists ? One(Errno.ENODATA) : None);
                if (error is null) node.Xattrs[name] = value;
                break;
            }
            case 1:
            {
                Log(index, $"getxattr ino {node.Ino} {name}");
                var (value, error) = await TryAsync(() => _fs.GetXattrAsync(node.Ino, name));
                var exists = node.Xattrs.TryGetValue(name, out var want);
                Expect($"getxattr {name}", error, exists ? None : One(Errno.ENODATA));
                if (error is null && !value!.AsSpan().SequenceEqual(want)) throw Diverged($"getxattr ino {node.Ino} {name}: {value!.Length} bytes differ from the oracle's {want!.Length}");
                break;
            }
            case 2:
            {
                Log(index, $"removexattr ino {node.Ino} {name}");
                var (_, error) = await TryAsync(() => _fs.RemoveXattrAsync(node.Ino, name));
                Expect($"removexattr {name}", error, node.Xattrs.ContainsKey(name) ? None : One(Errno.ENODATA));
                if (error is null) node.Xattrs.Remove(name);
                break;
            }
            default:
                Log(index, $"listxattr ino {node.Ino}");
                await CompareXattrListAsync(node);
                break;
        }
    }

    private async Task CompareXattrListAsync(OracleNode node)
    {
        var (names, error) = await TryAsync(() => _fs.ListXattrAsync(node.Ino));
        Expect($"listxattr ino {node.Ino}", error, None);
        var got = string.Join(",", names!.Order(StringComparer.Ordinal));
        var want = string.Join(",", node.Xattrs.Keys);
        if (got != want) throw Diverged($"listxattr ino {node.Ino} gave [{got}], the oracle [{want}]");
    }

    private async Task OpenAsync(int index)
    {
        var files = Entries().Select(e => e.Node).Where(n => n.Kind == FileKind.Regular).Distinct().ToList();
        if (files.Count == 0) return;
        var file = Pick(files);
        Log(index, $"open ino {file.Ino}");
        var (_, error) = await TryAsync(() => _fs.OpenAsync(file.Ino));
        Expect($"open ino {file.Ino}", error, None);
        file.Opens++;
    }

    private async Task ReleaseAsync(int index)
    {
        var open = Entries().Select(e => e.Node).Concat(_orphans).Where(n => n.Opens > 0).Distinct().ToList();
        if (open.Count == 0) return;
        var file = Pick(open);
        Log(index, $"release ino {file.Ino}");
        var (_, error) = await TryAsync(() => _fs.ReleaseAsync(file.Ino));
        Expect($"release ino {file.Ino}", error, None);
        file.Opens--;
        if (file.Opens == 0 && _orphans.Remove(file)) await ExpectGoneAsync(file);
    }

    private async Task ExpectGoneAsync(OracleNode file)
    {
        var (_, error) = await TryAsync(() => _fs.GetAttrAsync(file.Ino));
        Expect($"getattr of freed ino {file.Ino}", error, One(Errno.ENOENT));
    }

    private async Task FsyncAsync(int index)
    {
        var file = PickFile(out _)!;
        Log(index, $"fsync ino {file.Ino}");
        var (_, error) = await TryAsync(() => _fs.FsyncAsync(file.Ino, dataOnly: _random.Next(2) == 0));
        Expect($"fsync ino {file.Ino}", error, None);
    }

    /// <summary>Unmount drops every open reference; mount then frees the unlinked files they kept.</summary>
    private async Task RemountAsync(int index)
    {
        Log(index, "remount");
        await _fs.DisposeAsync().AsTask().WaitAsync(s_opTimeout);
        _fs = await FileSystem.MountAsync(_devices, s_mount).WaitAsync(s_opTimeout);
        foreach (var (_, _, node) in Entries()) node.Opens = 0;
        foreach (var orphan in _orphans) await ExpectGoneAsync(orphan);
        _orphans.Clear();
    }

    private async Task GetAttrAsync(int index)
    {
        var nodes = Entries().Select(e => e.Node).Concat(_orphans).Append(_root).Distinct().ToList();
        var node = Pick(nodes);
        Log(index, $"getattr ino {node.Ino}");
        var (attrs, error) = await TryAsync(() => _fs.GetAttrAsync(node.Ino));
        Expect($"getattr ino {node.Ino}", error, None);
        CompareAttributes($"getattr ino {node.Ino}", node, attrs);
    }

    private async Task LookupAsync(int index)
    {
        var (dir, name) = PickName();
        Log(index, $"lookup {PathOf(dir, name)}");
        var (attrs, error) = await TryAsync(() => _fs.LookupAsync(dir.Ino, name));
        Expect($"lookup {name}", error, None);
        var node = dir.Entries.GetValueOrDefault(name);
        if (node is null != attrs is null) throw Diverged($"lookup {name} in ino {dir.Ino}: found {attrs is not null}, the oracle {node is not null}");
        if (node is not null) CompareAttributes($"lookup {name}", node, attrs!.Value);
    }

    private static void CompareAttributes(string what, OracleNode node, InodeAttributes attrs)
    {
        if (attrs.Ino != node.Ino) throw Diverged($"{what}: inode {attrs.Ino}, the oracle {node.Ino}");
        if (attrs.Kind != node.Kind) throw Diverged($"{what}: ino {node.Ino} is a {attrs.Kind}, the oracle a {node.Kind}");
        if (attrs.Size != node.Size) throw Diverged($"{what}: ino {node.Ino} has size {attrs.Size}, the oracle {node.Size}");
        var links = node.Kind == FileKind.Directory ? node.Links : node.Names;
        if (attrs.Links != links) throw Diverged($"{what}: ino {node.Ino} has {attrs.Links} links, the oracle {links}");
    }
}
