using Xunit.Sdk;

namespace Layered.TestKit.Requirements;

/// <summary>A theory that honours the <see cref="TestRequirementAttribute"/>s on its test class.</summary>
[XunitTestCaseDiscoverer("Layered.TestKit.Requirements.DeviceTheoryDiscoverer", "Layered.TestKit")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DeviceTheoryAttribute : TheoryAttribute;
