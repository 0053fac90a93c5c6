using Orleans.TestingHost;

namespace Chord.Tests.Infrastructure;

/// <summary>A 3-silo cluster with memory storage, shared by the tests of <see cref="ClusterCollection"/>.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestProbe Probe { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The largest task result this cluster accepts (small, so the limit is cheap to test).</summary>
    public const int MaxResultBytes = 16 * 1024;

    public async ValueTask InitializeAsync() => Cluster = await ChordTestCluster.StartAsync(3, Probe, engine: o => o.MaxResultBytes = MaxResultBytes);

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
