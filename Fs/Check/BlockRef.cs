namespace Layered.Fs.Check;

/// <summary>
/// Blocks [Start, Start+Count) of one volume, referenced by <see cref="Owner"/>: an inode number
/// for file data, or a negative <see cref="MetadataOwner"/> code for metadata.
/// </summary>
internal readonly record struct BlockRef(long Start, long Count, long Owner)
{
    public long End => Start + Count;
}
