using System.Runtime.InteropServices;
using System.Text;
using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>
/// FUSE_READDIR and FUSE_READDIRPLUS: entries from the cookie in fuse_read_in.offset, packed until
/// the kernel's size is full. An entry that does not fit is left for the next call, which resumes
/// at the last packed entry's cookie. Readdirplus entries carry attributes and count as lookups,
/// except "." and "..", which carry node id 0 so the kernel takes no reference.
/// </summary>
internal sealed class ReaddirHandler(bool plus) : IFuseHandler
{
    /// <summary>The most entries asked of the filesystem per call; a 4 KiB request holds far fewer.</summary>
    private const int MaxEntriesPerCall = 1024;

    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseReadIn>();
        var cookie = FuseOffsets.ToLong(input.Offset, "directory cookie");
        var size = (int)Math.Min(input.Size, (uint)request.Payload.Length);
        var maxEntries = Math.Clamp(size / FuseDirent.RecordSize(1), 1, MaxEntriesPerCall);
        var entries = await session.Fs.ReadDirAsync(request.NodeId, cookie, maxEntries, request.Interrupted).ConfigureAwait(false);
        var used = 0;
        foreach (var entry in entries)
        {
            var nameBytes = Encoding.UTF8.GetByteCount(entry.Name);
            var record = plus ? FuseDirentPlus.RecordSize(nameBytes) : FuseDirent.RecordSize(nameBytes);
            if (used + record > size) break;
            var entryOut = default(FuseEntryOut);
            if (plus && entry.Name is not ("." or ".."))
            {
                // The name may be gone since the listing; then it is simply not reported.
                if (await session.Fs.LookupAsync(request.NodeId, entry.Name, request.Interrupted).ConfigureAwait(false) is not { } attributes) continue;
                entryOut = FuseAttributes.Entry(attributes, session.Options);
            }
            var target = request.Payload.Span.Slice(used, record);
            target.Clear();
            var dirent = new FuseDirent { Ino = entry.Ino, Off = (ulong)entry.NextCookie, NameLen = (uint)nameBytes, Type = UnixMode.DirentType(entry.Kind) };
            if (plus)
            {
                MemoryMarshal.Write(target, new FuseDirentPlus { EntryOut = entryOut, Dirent = dirent });
                Encoding.UTF8.GetBytes(entry.Name, target[FuseDirentPlus.HeaderSize..]);
                if (entryOut.NodeId != 0) session.Nodes.Remember(entryOut.NodeId);
            }
            else
            {
                MemoryMarshal.Write(target, dirent);
                Encoding.UTF8.GetBytes(entry.Name, target[FuseDirent.HeaderSize..]);
            }
            used += record;
        }
        return FuseReply.Ok(used);
    }
}
