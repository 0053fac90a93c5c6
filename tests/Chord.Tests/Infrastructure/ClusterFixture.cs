using Orleans.TestingHost;

namespace Chord.Tests.Infrastructure;

/// <summary>A 3-silo cluster with memory storage, shared by the tests of <see cref="ClusterCollection"/>.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestProbe Probe { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync() => Cluster = await ChordTestCluster.StartAsync(3, Probe);

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
