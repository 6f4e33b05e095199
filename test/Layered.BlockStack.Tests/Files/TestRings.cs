using Layered.BlockStack.Files;
using Layered.BlockStack.Uring;

namespace Layered.BlockStack.Tests.Files;

/// <summary>One ring for the contract suites, as a process would have; tests that count opcodes make their own.</summary>
internal static class TestRings
{
    private static readonly Lazy<UringHost> s_shared = new(Create);

    public static UringHost Shared => s_shared.Value;

    public static UringHost Create() =>
        UringHost.TryCreate(new RingOptions(), out var error) ?? throw new InvalidOperationException($"io_uring is unavailable here: {error}");
}
