namespace Layered.TestKit.Requirements;

/// <summary>
/// A resource a test class needs. When it is truly absent, the class's <see cref="DeviceFactAttribute"/>
/// tests are reported as skipped with the reason, instead of failing or silently passing.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public abstract class TestRequirementAttribute : Attribute
{
    public abstract bool IsMet(out string whyNot);
}
