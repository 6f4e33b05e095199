using System.Runtime.CompilerServices;

namespace Layered.Raid.Parity.Kernels;

// The loops that multiply by arbitrary constants: recovery and small-write updates. They touch
// one or two chunks rather than a whole stripe, so one vector per iteration is enough.
internal sealed unsafe partial class SimdKernels<TLanes, TVector>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void MultiplyXor(byte* left, byte* right, byte factor, byte* target, nint lengthBytes)
    {
        MultiplierOf<TVector> multiplier = TLanes.Multiplier(factor);
        for (nint offset = 0; offset < lengthBytes; offset += TLanes.VectorBytes)
        {
            TVector sum = TLanes.Xor(TLanes.Load(left + offset), TLanes.Load(right + offset));
            TLanes.Store(target + offset, TLanes.Multiply(sum, multiplier));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void SolvePair(byte* p, byte* q, byte a, byte b, byte* dx, byte* dy, nint lengthBytes)
    {
        MultiplierOf<TVector> byA = TLanes.Multiplier(a);
        MultiplierOf<TVector> byB = TLanes.Multiplier(b);
        for (nint offset = 0; offset < lengthBytes; offset += TLanes.VectorBytes)
        {
            TVector pxy = TLanes.Xor(TLanes.Load(p + offset), TLanes.Load(dx + offset));
            TVector qxy = TLanes.Xor(TLanes.Load(q + offset), TLanes.Load(dy + offset));
            TVector x = TLanes.Xor(TLanes.Multiply(pxy, byA), TLanes.Multiply(qxy, byB));
            TLanes.Store(dx + offset, x);
            TLanes.Store(dy + offset, TLanes.Xor(pxy, x));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Update(byte* oldData, byte* newData, byte factor, byte* p, byte* q, nint lengthBytes)
    {
        MultiplierOf<TVector> multiplier = TLanes.Multiplier(factor);
        for (nint offset = 0; offset < lengthBytes; offset += TLanes.VectorBytes)
        {
            TVector delta = TLanes.Xor(TLanes.Load(oldData + offset), TLanes.Load(newData + offset));
            TLanes.Store(p + offset, TLanes.Xor(TLanes.Load(p + offset), delta));
            TLanes.Store(q + offset, TLanes.Xor(TLanes.Load(q + offset), TLanes.Multiply(delta, multiplier)));
        }
    }
}
