using System.Runtime.Intrinsics.X86;
using Layered.Raid.Parity;
using Xunit.Abstractions;

namespace Layered.Raid.Tests.Parity;

/// <summary>Every engine as theory data, and the check that an engine can run on this CPU.</summary>
internal static class Engines
{
    public static TheoryData<ParityEngine> All => new(Enum.GetValues<ParityEngine>());

    /// <summary>
    /// False, with a message, when this CPU cannot run <paramref name="engine"/>; the test then
    /// returns early (xunit 2 has no runtime skip). First it asserts that detection agrees with
    /// the CPU flags, so a wrongly unsupported engine still fails.
    /// </summary>
    public static bool Available(ParityEngine engine, ITestOutputHelper output)
    {
        bool expected = engine switch
        {
            ParityEngine.Scalar => true,
            ParityEngine.Avx2 => Avx2.IsSupported,
            ParityEngine.Gfni => Avx2.IsSupported && (Gfni.V256.IsSupported || Gfni.V512.IsSupported),
            _ => false,
        };
        Assert.Equal(expected, RaidParity.IsSupported(engine));
        if (!expected)
        {
            output.WriteLine($"SKIPPED: this CPU cannot run the {engine} parity engine (best is {RaidParity.BestEngine}).");
        }

        return expected;
    }
}
