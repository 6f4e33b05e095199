using Layered.BlockStack.Uring;

namespace Layered.TestKit.Requirements;

/// <summary>io_uring: present in the kernel and not disabled by kernel.io_uring_disabled or a seccomp policy.</summary>
public sealed class RequiresIoUringAttribute : TestRequirementAttribute
{
    private static readonly Lazy<string> s_whyNot = new(Probe);

    public override bool IsMet(out string whyNot)
    {
        whyNot = s_whyNot.Value;
        return whyNot.Length == 0;
    }

    private static string Probe()
    {
        if (!Ring.TryCreate(new RingOptions { Entries = 4 }, out var ring, out var error)) return $"io_uring is unavailable ({error})";
        ring.Dispose();
        return "";
    }
}
