using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>Filesystem attributes in the kernel's shapes (fuse_attr, fuse_entry_out, fuse_attr_out).</summary>
internal static class FuseAttributes
{
    private const long NsPerSecond = 1_000_000_000;

    public static FuseAttr ToAttr(in InodeAttributes a)
    {
        var (atime, atimeNs) = Split(a.AccessNs);
        var (mtime, mtimeNs) = Split(a.ModifyNs);
        var (ctime, ctimeNs) = Split(a.ChangeNs);
        return new FuseAttr
        {
            Ino = a.Ino,
            Size = (ulong)Math.Max(0, a.Size),
            Blocks = (ulong)Math.Max(0, a.Blocks512),
            Atime = (ulong)atime,
            Mtime = (ulong)mtime,
            Ctime = (ulong)ctime,
            AtimeNsec = atimeNs,
            MtimeNsec = mtimeNs,
            CtimeNsec = ctimeNs,
            Mode = a.Mode,
            Nlink = a.Links,
            Uid = a.Uid,
            Gid = a.Gid,
            // The filesystem stores the rdev mknod handed it, which is the kernel's own u32 encoding.
            Rdev = (uint)a.Rdev,
            Blksize = (uint)a.BlockSize,
        };
    }

    public static FuseEntryOut Entry(in InodeAttributes a, FuseSessionOptions options)
    {
        var (entrySeconds, entryNs) = Split(options.EntryTimeout);
        var (attrSeconds, attrNs) = Split(options.AttrTimeout);
        return new FuseEntryOut
        {
            NodeId = a.Ino,
            Generation = a.Generation,
            EntryValid = entrySeconds,
            EntryValidNsec = entryNs,
            AttrValid = attrSeconds,
            AttrValidNsec = attrNs,
            Attr = ToAttr(a),
        };
    }

    public static FuseAttrOut AttrOut(in InodeAttributes a, FuseSessionOptions options)
    {
        var (seconds, ns) = Split(options.AttrTimeout);
        return new FuseAttrOut { AttrValid = seconds, AttrValidNsec = ns, Attr = ToAttr(a) };
    }

    /// <summary>The reply every node-creating request sends: the entry, and one more kernel reference to count.</summary>
    public static FuseReply ReplyEntry(FuseSession session, FuseRequest request, in InodeAttributes a)
    {
        session.Nodes.Remember(a.Ino);
        return FuseReply.Struct(request.Payload, Entry(a, session.Options));
    }

    /// <summary>Unix nanoseconds as the kernel's (seconds, nanoseconds), flooring so times before 1970 keep nanoseconds in 0..1e9.</summary>
    public static (long Seconds, uint Nanoseconds) Split(long unixNs)
    {
        var seconds = Math.DivRem(unixNs, NsPerSecond, out var rest);
        if (rest < 0) { seconds--; rest += NsPerSecond; }
        return (seconds, (uint)rest);
    }

    public static long Join(ulong seconds, uint nanoseconds) => (long)seconds * NsPerSecond + Math.Min(nanoseconds, (uint)(NsPerSecond - 1));

    public static (ulong Seconds, uint Nanoseconds) Split(TimeSpan timeout)
    {
        var ticks = Math.Max(0, timeout.Ticks);
        return ((ulong)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond * 100));
    }
}
