using Xunit.Abstractions;
using Xunit.Sdk;

namespace Layered.TestKit.Requirements;

public sealed class DeviceTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    private readonly IMessageSink _sink = diagnosticMessageSink;

    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        Requirements.Unmet(testMethod) is { } whyNot
            ? [Requirements.Skipped(_sink, discoveryOptions, testMethod, whyNot)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}
