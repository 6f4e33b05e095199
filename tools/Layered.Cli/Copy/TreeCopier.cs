using System.Buffers;
using System.Diagnostics;
using Layered.Fs.Posix;

namespace Layered.Cli.Copy;

/// <summary>
/// Copies a file or a tree from one side to another with cp's rules: into an existing
/// directory the source lands under its own name, otherwise it takes the destination's name.
/// Data moves in 1 MiB chunks; holes and all-zero chunks are not written, and the length is set
/// at the end, so sparse files stay sparse in both directions. Mode and mtime are kept.
/// </summary>
internal sealed class TreeCopier(ITree source, ITree target, bool recursive, Action<string> progress)
{
    public const int ChunkBytes = 1 << 20;

    /// <summary>Deeper than any real tree; a cycle or a corrupt directory would otherwise recurse forever.</summary>
    public const int MaxDepth = 4096;

    /// <summary>Files at least this large report progress while they copy.</summary>
    private const long ProgressFileBytes = 64L << 20;

    private static readonly TimeSpan s_progressInterval = TimeSpan.FromSeconds(1);

    public CopyTally Tally { get; } = new();

    public async Task CopyAsync(string sourcePath, string targetPath, CancellationToken ct)
    {
        var node = await source.StatAsync(sourcePath, ct) ?? throw new FileNotFoundException($"{source.Describe(sourcePath)}: no such file or directory");
        if (node.Kind == FileKind.Directory && !recursive) throw new InvalidOperationException($"{source.Describe(sourcePath)} is a directory (use -r)");
        var existing = await target.StatAsync(targetPath, ct);
        var name = LastName(sourcePath);
        // Copying a root into a directory merges into that directory, since a root has no name.
        var destination = existing is { Kind: FileKind.Directory } && name.Length > 0 ? target.Join(targetPath, name) : targetPath;
        if (ReferenceEquals(source, target) && node.Kind == FileKind.Directory && IsInside(destination, sourcePath))
            throw new InvalidOperationException($"cannot copy {source.Describe(sourcePath)} into itself ({target.Describe(destination)})");
        await CopyNodeAsync(node, destination, 0, ct);
    }

    private async Task CopyNodeAsync(TreeNode node, string destination, int depth, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (depth > MaxDepth) throw new InvalidOperationException($"{source.Describe(node.Path)} is nested deeper than {MaxDepth} directories");
        var existing = await target.StatAsync(destination, ct);
        switch (node.Kind)
        {
            case FileKind.Directory:
                if (existing is { } e && e.Kind != FileKind.Directory)
                    throw new InvalidOperationException($"cannot overwrite non-directory {target.Describe(destination)} with directory {source.Describe(node.Path)}");
                await target.MakeDirectoryAsync(destination, node.Permissions, ct);
                foreach (var child in await source.ListAsync(node, ct))
                    await CopyNodeAsync(child, target.Join(destination, LastName(child.Path)), depth + 1, ct);
                // Last, because adding the children changed the directory's mtime.
                await target.SetModeAndTimeAsync(destination, node.Permissions, node.ModifyNs, ct);
                Tally.Directories++;
                break;
            case FileKind.Regular:
                if (existing is { Kind: FileKind.Directory }) throw new InvalidOperationException($"cannot overwrite directory {target.Describe(destination)} with a file");
                if (existing is { Kind: not FileKind.Regular }) await target.RemoveAsync(destination, ct);
                await CopyFileAsync(node, destination, ct);
                await target.SetModeAndTimeAsync(destination, node.Permissions, node.ModifyNs, ct);
                Tally.Files++;
                break;
            case FileKind.Symlink:
                if (existing is { Kind: FileKind.Directory }) throw new InvalidOperationException($"cannot overwrite directory {target.Describe(destination)} with a symlink");
                if (existing is not null) await target.RemoveAsync(destination, ct);
                await target.CreateSymlinkAsync(destination, await source.ReadLinkAsync(node, ct), ct);
                Tally.Symlinks++;
                break;
            default:
                progress($"skipped {source.Describe(node.Path)}: a {node.Kind.ToString().ToLowerInvariant()} is not copied");
                Tally.Skipped++;
                break;
        }
    }

    private async Task CopyFileAsync(TreeNode node, string destination, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            await using var input = await source.OpenAsync(node, ct);
            await using var output = await target.CreateFileAsync(destination, node.Permissions, ct);
            var clock = Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            long offset = 0, written = 0;
            while (await input.NextDataAsync(offset, node.Size, ct) is { } range)
            {
                for (var at = range.Start; at < range.End;)
                {
                    var read = await input.ReadAsync(at, buffer.AsMemory(0, (int)Math.Min(ChunkBytes, range.End - at)), ct);
                    if (read == 0) break; // shorter than its size said: copy what is there
                    if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0)) await output.WriteAsync(at, buffer.AsMemory(0, read), ct);
                    else Tally.SparseBytes += read;
                    at += read;
                    written += read;
                    if (node.Size >= ProgressFileBytes && clock.Elapsed - lastReport >= s_progressInterval)
                    {
                        lastReport = clock.Elapsed;
                        progress($"  {target.Describe(destination)}: {at >> 20} of {node.Size >> 20} MiB ({written / 1e6 / clock.Elapsed.TotalSeconds:F0} MB/s)");
                    }
                }
                if (range.End <= offset) throw new InvalidDataException($"{source.Describe(node.Path)}: the data ranges stopped advancing at {offset}");
                offset = range.End;
            }
            Tally.SparseBytes += node.Size - Math.Min(node.Size, written);
            await output.SetLengthAsync(node.Size, ct);
            Tally.Bytes += node.Size;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string LastName(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    private static bool IsInside(string path, string directory) =>
        path == directory || path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);
}
