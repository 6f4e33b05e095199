using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Layered.Raid.Parity.Operations;

/// <summary>
/// Pins the data chunks of one call and hands their addresses to an operation. Kernels read every
/// chunk for every block, so each address is resolved once here, never through
/// <see cref="ReadOnlyMemory{T}.Span"/> per block.
/// </summary>
/// <remarks>
/// Each chunk is pinned by a <c>fixed</c> statement in its own stack frame: that costs the GC
/// nothing, where <see cref="ReadOnlyMemory{T}.Pin"/> allocates and frees a GC handle per chunk
/// (about 50 ns each, which halved throughput on 16 x 4 KiB stripes). The recursion is at most
/// <see cref="RaidParity.MaxDataChunks"/> frames deep.
/// </remarks>
internal static unsafe class PinnedChunks
{
    [SkipLocalsInit]
    public static void Run<TOperation>(ReadOnlySpan<ReadOnlyMemory<byte>> data, int skipX, int skipY, ref TOperation operation)
        where TOperation : IPinnedChunksOperation, allows ref struct
    {
        Debug.Assert(data.Length <= RaidParity.MaxDataChunks, $"{data.Length} chunks > {RaidParity.MaxDataChunks}");
        byte** chunks = stackalloc byte*[data.Length];
        PinFrom(data, 0, skipX, skipY, chunks, ref operation);
    }

    private static void PinFrom<TOperation>(
        ReadOnlySpan<ReadOnlyMemory<byte>> data, int index, int skipX, int skipY, byte** chunks, ref TOperation operation)
        where TOperation : IPinnedChunksOperation, allows ref struct
    {
        if (index == data.Length)
        {
            operation.Run(chunks, data.Length);
            return;
        }

        // A missing chunk may be empty or garbage; it is neither pinned nor read. fixed on an
        // empty span yields null, which is what the kernels expect for it.
        ReadOnlySpan<byte> chunk = index == skipX || index == skipY ? default : data[index].Span;
        fixed (byte* address = chunk)
        {
            chunks[index] = address;
            PinFrom(data, index + 1, skipX, skipY, chunks, ref operation);
        }
    }
}
