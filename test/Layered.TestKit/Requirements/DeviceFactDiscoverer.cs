using Xunit.Abstractions;
using Xunit.Sdk;

namespace Layered.TestKit.Requirements;

/// <summary>
/// xunit 2 cannot skip at run time, so the skip is decided at discovery: the test class's
/// requirements are checked once, and an unmet one turns every test of the class into a
/// skipped test that names what is missing.
/// </summary>
public sealed class DeviceFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        Requirements.Unmet(testMethod) is { } whyNot
            ? [Requirements.Skipped(diagnosticMessageSink, discoveryOptions, testMethod, whyNot)]
            : [new XunitTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}
