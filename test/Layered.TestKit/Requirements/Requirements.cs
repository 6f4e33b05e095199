using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Layered.TestKit.Requirements;

internal static class Requirements
{
    /// <summary>The first unmet requirement of the test's class, or null when all are met.</summary>
    public static string? Unmet(ITestMethod testMethod)
    {
        foreach (var requirement in testMethod.TestClass.Class.ToRuntimeType().GetCustomAttributes<TestRequirementAttribute>(inherit: true))
            if (!requirement.IsMet(out var whyNot)) return whyNot;
        return null;
    }

    public static IXunitTestCase Skipped(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, string whyNot) =>
        new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, $"skipped: {whyNot}");
}
