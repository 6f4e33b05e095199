using Layered.TestKit.Requirements;

namespace Layered.Cli.Tests.Fuse;

/// <summary>A real FUSE mount from a child CLI: Linux, root (mount(2) needs CAP_SYS_ADMIN), and /dev/fuse.</summary>
public sealed class RequiresFuseMountsAttribute : TestRequirementAttribute
{
    public override bool IsMet(out string whyNot)
    {
        whyNot = !OperatingSystem.IsLinux() ? "FUSE mounts need Linux"
            : Environment.UserName != "root" ? "FUSE mounts here need root (mount(2))"
            : !File.Exists("/dev/fuse") ? "/dev/fuse is absent"
            : "";
        return whyNot.Length == 0;
    }
}
