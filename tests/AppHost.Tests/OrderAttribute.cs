using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace Antigravity.AppHost.Tests;

/// <summary>Runs the tests of a class that share one expensive, stateful fixture (the cluster) in a fixed order.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OrderAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}

public sealed class OrderAttributeOrderer : ITestCaseOrderer
{
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases) where TTestCase : notnull, ITestCase =>
        [.. testCases.OrderBy(t => t is IXunitTestCase x ? x.TestMethod.Method.GetCustomAttribute<OrderAttribute>()?.Order ?? int.MaxValue : int.MaxValue)];
}
