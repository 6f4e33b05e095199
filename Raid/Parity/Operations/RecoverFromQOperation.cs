using Layered.Raid.Parity.Kernels;

namespace Layered.Raid.Parity.Operations;

/// <summary>
/// D_missing = g^-missing·(Q ^ Qx), where Qx is Q computed with the missing chunk as zeros
/// (Anvin, "The mathematics of RAID-6", the data+P case).
/// </summary>
internal readonly unsafe ref struct RecoverFromQOperation(ParityKernels kernels, ReadOnlySpan<byte> q, int missing, Span<byte> target)
    : IPinnedChunksOperation
{
    private readonly ReadOnlySpan<byte> _q = q;
    private readonly Span<byte> _target = target;

    public void Run(byte** chunks, int count)
    {
        byte inverse = GaloisField.Exp(-missing);
        fixed (byte* qBytes = _q)
        fixed (byte* targetBytes = _target)
        {
            for (nint offset = 0; offset < _target.Length; offset += RecoveryTiles.TileBytes)
            {
                nint tileBytes = Math.Min(RecoveryTiles.TileBytes, _target.Length - offset);
                byte* tile = targetBytes + offset;
                kernels.Syndromes(chunks, count, null, tile, tileBytes);
                kernels.MultiplyXor(qBytes + offset, tile, inverse, tile, tileBytes);
                RecoveryTiles.Advance(chunks, count, tileBytes);
            }
        }
    }
}
