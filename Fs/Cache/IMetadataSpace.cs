using Layered.Fs.Format;

namespace Layered.Fs.Cache;

/// <summary>
/// Where metadata structures (trees, bitmaps) get and change their blocks. Every change happens
/// inside the running transaction: a structure calls <see cref="Dirty"/> before it changes a
/// block's bytes, and the transaction journals the block when it commits. Callers hold the
/// filesystem's metadata lock, so implementations need not be thread-safe.
/// </summary>
public interface IMetadataSpace
{
    int BlockSize { get; }

    /// <summary>
    /// The block at <paramref name="address"/>, verified (magic, kind, checksum, own address, fs
    /// uuid) when it comes from disk. A block that fails its check throws
    /// <see cref="FsCorruptionException"/>; an I/O failure throws <see cref="FsIoException"/>.
    /// </summary>
    ValueTask<MetadataBlock> ReadAsync(BlockAddress address, MetadataKind kind, CancellationToken cancellationToken = default);

    /// <summary>Joins the block to the running transaction. Call before changing its bytes.</summary>
    void Dirty(MetadataBlock block);

    /// <summary>A new block of <paramref name="kind"/>, zero-filled, already dirty. Throws <see cref="FsNoSpaceException"/> when full.</summary>
    ValueTask<MetadataBlock> AllocateAsync(MetadataKind kind, ulong owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// A zero-filled, dirty block at a fixed address that no allocator hands out (the root block,
    /// bitmap blocks). Used when formatting, and to rewrite such a block whole.
    /// </summary>
    MetadataBlock Create(BlockAddress address, MetadataKind kind, ulong owner);

    /// <summary>Gives a block back. It is not reused until the transaction that freed it is safely on disk.</summary>
    void Free(MetadataBlock block);
}
