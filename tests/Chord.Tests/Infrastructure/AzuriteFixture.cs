namespace Chord.Tests.Infrastructure;

/// <summary>One real Azurite for the durability tests; each test uses its own chord ids.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Azurite = await Azurite.StartAsync();

    public async ValueTask DisposeAsync() => await Azurite.DisposeAsync();
}
