using PlanServices.Testing;

namespace PlanServices.Functional.Tests;

/// <summary>The test classes that read the whole suite share one (started once, the April pack published); they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<Suite>
{
    public const string Name = "the suite";
}
