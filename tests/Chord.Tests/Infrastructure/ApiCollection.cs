namespace Chord.Tests.Infrastructure;

/// <summary>Tests that share one <see cref="ApiFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = nameof(ApiCollection);
}
