using Layered.BlockStack.Files;

namespace Layered.TestKit.Requirements;

/// <summary>Loop devices: Linux, root, /dev/loop-control and losetup.</summary>
public sealed class RequiresLoopDevicesAttribute : TestRequirementAttribute
{
    public override bool IsMet(out string whyNot)
    {
        whyNot = LoopDevice.Unavailable() ?? "";
        return whyNot.Length == 0;
    }
}
