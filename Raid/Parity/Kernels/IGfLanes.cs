namespace Layered.Raid.Parity.Kernels;

/// <summary>
/// One SIMD register of bytes and the GF(2^8) operations an instruction set offers on it.
/// <see cref="SimdKernels{TLanes, TVector}"/> is written once against this interface; the JIT
/// specialises it per struct, so every call below inlines to one or a few instructions.
/// </summary>
internal unsafe interface IGfLanes<TVector>
    where TVector : unmanaged
{
    /// <summary>Bytes in one <typeparamref name="TVector"/>: 32 or 64, so 64-byte buffers hold whole vectors.</summary>
    static abstract int VectorBytes { get; }

    static abstract bool IsSupported { get; }

    static abstract TVector Load(byte* source);

    static abstract void Store(byte* target, TVector value);

    static abstract TVector Xor(TVector left, TVector right);

    static abstract TVector Zero { get; }

    /// <summary>Multiplies every byte by g = 2.</summary>
    static abstract TVector Double(TVector value);

    /// <summary>Builds the register form of "multiply by <paramref name="factor"/>" used by <see cref="Multiply"/>.</summary>
    static abstract MultiplierOf<TVector> Multiplier(byte factor);

    static abstract TVector Multiply(TVector value, MultiplierOf<TVector> multiplier);
}
