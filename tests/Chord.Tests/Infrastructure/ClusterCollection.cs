namespace Chord.Tests.Infrastructure;

/// <summary>Tests that share one <see cref="ClusterFixture"/>; each uses its own chord ids.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = nameof(ClusterCollection);
}
