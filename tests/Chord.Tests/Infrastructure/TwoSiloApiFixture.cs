namespace Chord.Tests.Infrastructure;

/// <summary>The real API in front of two silos with their web hosts (state shared in process), for one test class.</summary>
public sealed class TwoSiloApiFixture : IAsyncLifetime
{
    public TestProbe Probe { get; } = new();

    public ApiHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await ApiHost.StartAsync(Probe, silos: 2);

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
