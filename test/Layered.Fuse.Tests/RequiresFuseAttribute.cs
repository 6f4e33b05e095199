using Layered.TestKit.Requirements;

namespace Layered.Fuse.Tests;

/// <summary>A real FUSE mount: Linux, root (mount(2) needs CAP_SYS_ADMIN), and /dev/fuse.</summary>
public sealed class RequiresFuseAttribute : TestRequirementAttribute
{
    public override bool IsMet(out string whyNot)
    {
        whyNot = !OperatingSystem.IsLinux() ? "FUSE mounts need Linux"
            : Native.TestInterop.GetEuid() != 0 ? "FUSE mounts here need root (mount(2))"
            : !File.Exists("/dev/fuse") ? "/dev/fuse is absent"
            : "";
        return whyNot.Length == 0;
    }
}
