using Layered.Raid.Parity.Kernels;

namespace Layered.Raid.Parity;

/// <summary>
/// RAID-5 and RAID-6 parity over equal-length chunks: P = Σ D_i and Q = Σ g^i·D_i in GF(2^8)
/// (see <see cref="GaloisField"/>), with recovery of one or two lost chunks and read-modify-write
/// updates. Every public method has an internal twin that takes the engine's kernels explicitly,
/// so tests can compare engines side by side without touching <see cref="Engine"/>.
/// </summary>
/// <remarks>
/// Outputs must not overlap the inputs that are read, except where a method says so; a recovery
/// target may be the buffer of the missing chunk it rebuilds, since that entry is never read.
/// Nothing here allocates: data chunks are pinned with <c>fixed</c> and all tables are built once.
/// </remarks>
public static partial class RaidParity
{
    /// <summary>Every buffer length is a multiple of this: one 512-bit vector, one cache line.</summary>
    public const int BlockBytes = 64;

    /// <summary>g^i is distinct only for i below 255, so Q can tell at most 255 data chunks apart.</summary>
    public const int MaxDataChunks = GaloisField.Order;

    /// <summary>The fastest engine this CPU supports, detected once.</summary>
    public static ParityEngine BestEngine { get; } = DetectBestEngine();

    // Initialised after BestEngine: static initialisers run in textual order.
    private static ParityKernels s_kernels = ParityKernels.For(BestEngine);

    /// <summary>The engine the public methods use. Defaults to <see cref="BestEngine"/>.</summary>
    /// <exception cref="PlatformNotSupportedException">The CPU lacks the engine's instructions.</exception>
    public static ParityEngine Engine
    {
        get => s_kernels.Engine;
        set => s_kernels = ParityKernels.For(value);
    }

    public static bool IsSupported(ParityEngine engine) => ParityKernels.IsSupported(engine);

    private static ParityEngine DetectBestEngine()
        => ParityKernels.IsSupported(ParityEngine.Gfni) ? ParityEngine.Gfni
            : ParityKernels.IsSupported(ParityEngine.Avx2) ? ParityEngine.Avx2
            : ParityEngine.Scalar;
}
