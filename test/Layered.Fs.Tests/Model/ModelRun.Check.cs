using Layered.BlockStack.Uring;
using Layered.Fs.Posix;

namespace Layered.Fs.Tests.Model;

internal sealed partial class ModelRun
{
    private const int MaxSeekSteps = 100_000;
    private const long MaxCheckedDataBytes = 4L << 20;

    /// <summary>The whole tree: every directory listing, every inode's attributes, contents, targets and xattrs.</summary>
    private async Task CheckTreeAsync()
    {
        var pending = new Stack<OracleNode>([_root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            await CheckListingAsync(dir);
            await CheckNodeAsync(dir);
            foreach (var node in dir.Entries.Values)
            {
                if (node.IsDirectory) pending.Push(node);
                else await CheckNodeAsync(node);
            }
        }
        foreach (var orphan in _orphans) await CheckNodeAsync(orphan);
    }

    private async Task CheckListingAsync(OracleNode dir)
    {
        var listed = new Dictionary<string, DirectoryEntry>(StringComparer.Ordinal);
        long cookie = 0;
        var batch = _random.Next(1, 50);
        for (var round = 0; ; round++)
        {
            if (round > 10_000) throw Diverged($"readdir of ino {dir.Ino} never ends");
            var (entries, error) = await TryAsync(() => _fs.ReadDirAsync(dir.Ino, cookie, batch));
            Expect($"readdir ino {dir.Ino}", error, None);
            if (entries!.Count == 0) break;
            foreach (var entry in entries)
                if (!listed.TryAdd(entry.Name, entry)) throw Diverged($"readdir of ino {dir.Ino} lists '{entry.Name}' twice");
            cookie = entries[^1].NextCookie;
        }
        var want = dir.Entries.Select(e => (e.Key, e.Value.Ino, e.Value.Kind))
            .Append((".", dir.Ino, FileKind.Directory)).Append(("..", (dir.Parent ?? dir).Ino, FileKind.Directory))
            .OrderBy(e => e.Item1, StringComparer.Ordinal).ToList();
        var got = listed.Values.Select(e => (e.Name, e.Ino, e.Kind)).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        if (!want.SequenceEqual(got))
            throw Diverged($"readdir of ino {dir.Ino} gave [{string.Join(", ", got)}], the oracle [{string.Join(", ", want)}]");
    }

    private async Task CheckNodeAsync(OracleNode node)
    {
        var (attrs, error) = await TryAsync(() => _fs.GetAttrAsync(node.Ino));
        Expect($"getattr ino {node.Ino}", error, None);
        CompareAttributes($"tree check of ino {node.Ino}", node, attrs);
        if (node.Kind == FileKind.Regular) await CheckContentsAsync(node);
        if (node.Kind == FileKind.Symlink)
        {
            var (target, linkError) = await TryAsync(() => _fs.ReadLinkAsync(node.Ino));
            Expect($"readlink ino {node.Ino}", linkError, None);
            if (target != node.Target) throw Diverged($"readlink ino {node.Ino} differs from the oracle");
        }
        if (node.Kind is FileKind.Regular or FileKind.Directory) await CheckXattrsAsync(node);
    }

    private async Task CheckXattrsAsync(OracleNode node)
    {
        await CompareXattrListAsync(node);
        foreach (var (name, want) in node.Xattrs)
        {
            var (value, error) = await TryAsync(() => _fs.GetXattrAsync(node.Ino, name));
            Expect($"getxattr ino {node.Ino} {name}", error, None);
            if (!value!.AsSpan().SequenceEqual(want)) throw Diverged($"xattr {name} of ino {node.Ino} differs from the oracle");
        }
    }

    /// <summary>
    /// Contents against the oracle, and SEEK_DATA/SEEK_HOLE against what reads return: every
    /// nonzero byte lies in data, every hole reads zeros.
    /// </summary>
    private async Task CheckContentsAsync(OracleNode file)
    {
        var size = file.Data.Size;
        if (size <= 256 << 10) await CompareRangeAsync(file, 0, (int)size);
        var data = await DataRangesAsync(file);
        foreach (var (offset, length) in file.Data.NonZeroRanges())
        {
            var first = offset + Array.FindIndex(Chunk(file, offset, length), b => b != 0);
            if (!data.Any(d => d.Start <= first && first < d.End))
                throw Diverged($"ino {file.Ino}: byte {first} is nonzero in the oracle, but SEEK_DATA/SEEK_HOLE call it a hole (data: {Describe(data)})");
            await CompareRangeAsync(file, offset, length);
        }
        var budget = MaxCheckedDataBytes;
        foreach (var (start, end) in data)
        {
            var length = (int)Math.Min(end - start, Math.Min(budget, 1 << 20));
            if (length <= 0) break;
            await CompareRangeAsync(file, start, length);
            budget -= length;
        }
        var holeStart = 0L;
        foreach (var (start, end) in data.Append((size, size)))
        {
            if (start > holeStart)
            {
                await CompareRangeAsync(file, holeStart, (int)Math.Min(start - holeStart, 4096));
                await CompareRangeAsync(file, Math.Max(holeStart, start - 4096), (int)Math.Min(start - holeStart, 4096));
            }
            holeStart = end;
        }
    }

    private static byte[] Chunk(OracleNode file, long offset, int length)
    {
        var bytes = new byte[length];
        file.Data.Read(offset, bytes);
        return bytes;
    }

    private static string Describe(List<(long Start, long End)> ranges) =>
        string.Join(" ", ranges.Take(20).Select(r => $"[{r.Start},{r.End})")) + (ranges.Count > 20 ? " ..." : "");

    private async Task CompareRangeAsync(OracleNode file, long offset, int length)
    {
        var buffer = new byte[length];
        var (read, error) = await TryAsync(() => _fs.ReadAsync(file.Ino, offset, buffer));
        Expect($"read ino {file.Ino} at {offset}", error, None);
        CompareRead(file, offset, buffer, read);
    }

    /// <summary>The data ranges SEEK_DATA and SEEK_HOLE describe, walked from offset 0 to the size.</summary>
    private async Task<List<(long Start, long End)>> DataRangesAsync(OracleNode file)
    {
        var ranges = new List<(long, long)>();
        var size = file.Data.Size;
        var at = 0L;
        for (var step = 0; at < size; step++)
        {
            if (step > MaxSeekSteps) throw Diverged($"ino {file.Ino}: SEEK_DATA/SEEK_HOLE did not reach the end in {MaxSeekSteps} steps");
            var (data, error) = await TryAsync(() => _fs.SeekAsync(file.Ino, at, SeekWhence.Data));
            if (error == Errno.ENXIO) break;
            Expect($"SEEK_DATA ino {file.Ino} from {at}", error, None);
            if (data < at || data >= size) throw Diverged($"SEEK_DATA ino {file.Ino} from {at} gave {data}, outside [{at}, {size})");
            var (hole, holeError) = await TryAsync(() => _fs.SeekAsync(file.Ino, data, SeekWhence.Hole));
            Expect($"SEEK_HOLE ino {file.Ino} from {data}", holeError, None);
            if (hole <= data || hole > size) throw Diverged($"SEEK_HOLE ino {file.Ino} from {data} gave {hole}, outside ({data}, {size}]");
            ranges.Add((data, hole));
            at = hole;
        }
        return ranges;
    }
}
