using Layered.Raid.Parity.Kernels;

namespace Layered.Raid.Parity.Operations;

/// <summary>D_missing = P ^ (every surviving data chunk).</summary>
internal readonly unsafe ref struct RecoverFromPOperation(ParityKernels kernels, ReadOnlySpan<byte> p, int missing, Span<byte> target)
    : IPinnedChunksOperation
{
    private readonly ReadOnlySpan<byte> _p = p;
    private readonly Span<byte> _target = target;

    public void Run(byte** chunks, int count)
    {
        fixed (byte* pBytes = _p)
        fixed (byte* targetBytes = _target)
        {
            // P takes the lost chunk's place: it is just one more term of the XOR.
            chunks[missing] = pBytes;
            kernels.Xor(chunks, count, targetBytes, _target.Length);
        }
    }
}
