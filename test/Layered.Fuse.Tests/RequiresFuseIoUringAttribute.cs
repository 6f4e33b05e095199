using Layered.Fuse.Mounting;
using Layered.TestKit.Requirements;

namespace Layered.Fuse.Tests;

/// <summary>
/// FUSE over io_uring: a kernel built with it (6.14+). Its module switch is turned on here when
/// off, as the CLI does; the tests run as root wherever they mount.
/// </summary>
public sealed class RequiresFuseIoUringAttribute : TestRequirementAttribute
{
    public override bool IsMet(out string whyNot)
    {
        var on = FuseIoUringParameter.TryEnable(out var why);
        whyNot = on ? "" : why ?? "FUSE over io_uring is unavailable";
        return on;
    }
}
