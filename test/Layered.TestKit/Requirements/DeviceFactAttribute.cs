using Xunit;
using Xunit.Sdk;

namespace Layered.TestKit.Requirements;

/// <summary>A fact that honours the <see cref="TestRequirementAttribute"/>s on its test class.</summary>
[XunitTestCaseDiscoverer("Layered.TestKit.Requirements.DeviceFactDiscoverer", "Layered.TestKit")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DeviceFactAttribute : FactAttribute;
