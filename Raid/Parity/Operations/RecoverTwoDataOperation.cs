using Layered.Raid.Parity.Kernels;

namespace Layered.Raid.Parity.Operations;

/// <summary>
/// Two data chunks lost. With Pxy and Qxy the syndromes computed with both as zeros,
/// P ^ Pxy = D_x ^ D_y and Q ^ Qxy = g^x·D_x ^ g^y·D_y, so
/// D_x = (g^y·(P ^ Pxy) ^ (Q ^ Qxy)) / (g^x ^ g^y) and D_y = (P ^ Pxy) ^ D_x. This is Anvin's
/// A = g^(y-x)/(g^(y-x) ^ 1), B = g^-x/(g^(y-x) ^ 1), and it holds whichever of x, y is larger.
/// </summary>
internal readonly unsafe ref struct RecoverTwoDataOperation(
    ParityKernels kernels, ReadOnlySpan<byte> p, ReadOnlySpan<byte> q, int x, int y, Span<byte> dx, Span<byte> dy)
    : IPinnedChunksOperation
{
    private readonly ReadOnlySpan<byte> _p = p;
    private readonly ReadOnlySpan<byte> _q = q;
    private readonly Span<byte> _dx = dx;
    private readonly Span<byte> _dy = dy;

    public void Run(byte** chunks, int count)
    {
        byte denominator = GaloisField.Inverse((byte)(GaloisField.Exp(x) ^ GaloisField.Exp(y)));
        byte a = GaloisField.Multiply(GaloisField.Exp(y), denominator);
        byte b = denominator;
        fixed (byte* pBytes = _p)
        fixed (byte* qBytes = _q)
        fixed (byte* dxBytes = _dx)
        fixed (byte* dyBytes = _dy)
        {
            for (nint offset = 0; offset < _p.Length; offset += RecoveryTiles.TileBytes)
            {
                nint tileBytes = Math.Min(RecoveryTiles.TileBytes, _p.Length - offset);
                kernels.Syndromes(chunks, count, dxBytes + offset, dyBytes + offset, tileBytes);
                kernels.SolvePair(pBytes + offset, qBytes + offset, a, b, dxBytes + offset, dyBytes + offset, tileBytes);
                RecoveryTiles.Advance(chunks, count, tileBytes);
            }
        }
    }
}
