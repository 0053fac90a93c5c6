namespace Chord.Tests.Infrastructure;

/// <summary>Tests that share one <see cref="AzuriteFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = nameof(AzuriteCollection);
}
