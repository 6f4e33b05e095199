using Layered.Raid.Parity.Kernels;

namespace Layered.Raid.Parity.Operations;

/// <summary>p = Σ D_i and q = Σ g^i·D_i in one pass over the data.</summary>
internal readonly unsafe ref struct ComputePQOperation(ParityKernels kernels, Span<byte> p, Span<byte> q) : IPinnedChunksOperation
{
    private readonly Span<byte> _p = p;
    private readonly Span<byte> _q = q;

    public void Run(byte** chunks, int count)
    {
        fixed (byte* pBytes = _p)
        fixed (byte* qBytes = _q)
        {
            kernels.Syndromes(chunks, count, pBytes, qBytes, _p.Length);
        }
    }
}
