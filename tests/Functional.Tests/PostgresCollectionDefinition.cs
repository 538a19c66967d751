using PlanServices.Testing;

namespace PlanServices.Functional.Tests;

/// <summary>This assembly's tests that need PostgreSQL share one throwaway server.</summary>
[CollectionDefinition(PostgresCollection.Name)]
public sealed class PostgresCollectionDefinition : ICollectionFixture<PostgresServer>;
