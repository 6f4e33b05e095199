using System.Runtime.InteropServices;
using Layered.BlockStack.Tags;

namespace Layered.BlockStack;

public enum IoOp : byte { Read, Write, Flush, Discard }

/// <summary>
/// One validated request as a device implementation sees it. <see cref="Address"/> is pinned,
/// sector-aligned memory that stays valid until the request completes. <see cref="Tag"/> is
/// set for tagged I/O; the address is then already translated into the tag's buffer.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct IoRequest(IoOp Op, long Sector, long SectorCount, nint Address, DeviceTag? Tag, WriteFlags Flags)
{
    public bool IsFua => (Flags & WriteFlags.Fua) != 0;

    public unsafe Span<byte> Span(int sectorSize) => new((void*)Address, checked((int)(SectorCount * sectorSize)));
}
