namespace Layered.Fs.DirectIo;

/// <summary>
/// One fixed read or write of a session: <see cref="Length"/> bytes at <see cref="Offset"/> of a
/// registered file, to or from a registered buffer at <see cref="BufferOffset"/>. Offset and
/// length are multiples of the filesystem block; the buffer offset a multiple of 512.
/// </summary>
public readonly record struct DirectOp(DirectOpKind Kind, int File, long Offset, int Length, int Buffer, long BufferOffset, ulong UserData);
