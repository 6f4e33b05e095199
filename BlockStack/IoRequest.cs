using System.Runtime.InteropServices;
using Layered.BlockStack.Tags;

namespace Layered.BlockStack;

public enum IoOp : byte { Read, Write, Flush, Discard }

/// <summary>
/// One validated request as a device implementation sees it. <see cref="Address"/> is pinned,
/// sector-aligned memory that stays valid until the request completes, and <see cref="Memory"/>
/// is the same memory for callees that take <see cref="Memory{T}"/> (stacked devices). <see cref="Tag"/>
/// is set for tagged I/O; the address is then already translated into the tag's buffer.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct IoRequest(IoOp Op, long Sector, long SectorCount, nint Address, DeviceTag? Tag, WriteFlags Flags, Memory<byte> Memory = default)
{
    /// <summary>Offset of the transfer inside the tag's registered buffer; meaningful only for tagged I/O.</summary>
    public long BufferOffset => Tag is null ? 0 : Address - Tag.Buffer.Address;

    public bool IsFua => (Flags & WriteFlags.Fua) != 0;

    public unsafe Span<byte> Span(int sectorSize) => new((void*)Address, checked((int)(SectorCount * sectorSize)));
}
