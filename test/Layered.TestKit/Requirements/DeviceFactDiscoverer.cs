using System.Reflection;
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
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var testClass = testMethod.TestClass.Class.ToRuntimeType();
        foreach (var requirement in testClass.GetCustomAttributes<TestRequirementAttribute>(inherit: true))
        {
            if (!requirement.IsMet(out var whyNot))
                return [new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, $"skipped: {whyNot}")];
        }
        return [new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)];
    }
}
