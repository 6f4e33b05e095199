using Layered.Fs.Format;

namespace Layered.Fs.Cache;

/// <summary>
/// One metadata block held in memory: its address, what it holds, whose it is, and its bytes
/// (header included). The first <see cref="MetadataHeader.Bytes"/> bytes belong to the header,
/// which is sealed when the block is written; structures own <see cref="Body"/>.
/// </summary>
public sealed class MetadataBlock(BlockAddress address, MetadataKind kind, ulong owner, byte[] data)
{
    public BlockAddress Address { get; } = address;
    public MetadataKind Kind { get; } = kind;
    public ulong Owner { get; } = owner;

    /// <summary>The whole block, header included; exactly one filesystem block long.</summary>
    public byte[] Data { get; } = data;

    public Span<byte> Body => Data.AsSpan(MetadataHeader.Bytes);

    public override string ToString() => $"{Kind} {Address}";
}
