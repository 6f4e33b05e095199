using Layered.Raid.Parity.Kernels;

namespace Layered.Raid.Parity.Operations;

/// <summary>p = XOR of all data chunks.</summary>
internal readonly unsafe ref struct ComputePOperation(ParityKernels kernels, Span<byte> p) : IPinnedChunksOperation
{
    private readonly Span<byte> _p = p;

    public void Run(byte** chunks, int count)
    {
        fixed (byte* pBytes = _p)
        {
            kernels.Xor(chunks, count, pBytes, _p.Length);
        }
    }
}
