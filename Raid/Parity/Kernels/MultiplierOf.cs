namespace Layered.Raid.Parity.Kernels;

/// <summary>
/// A GF(2^8) constant prepared for one instruction set: the low- and high-nibble product tables
/// for <c>vpshufb</c>, or a broadcast bit matrix for <c>GF2P8AFFINEQB</c> (which uses only
/// <see cref="Low"/>).
/// </summary>
internal readonly struct MultiplierOf<TVector>(TVector low, TVector high)
    where TVector : unmanaged
{
    public TVector Low { get; } = low;

    public TVector High { get; } = high;
}
