namespace Layered.TestKit.Requirements;

/// <summary>A real FUSE mount: Linux, root (mount(2) needs CAP_SYS_ADMIN), and /dev/fuse.</summary>
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
