namespace Chord.Tests.Infrastructure;

/// <summary>One <see cref="ApiHost"/> shared by the tests of <see cref="ApiCollection"/>.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private ApiHost _host = null!;

    public TestProbe Probe { get; } = new();

    public HttpClient Http => _host.Http;

    public Uri BaseAddress => _host.BaseAddress;

    public IGrainFactory Grains => _host.Grains;

    public async ValueTask InitializeAsync() => _host = await ApiHost.StartAsync(Probe);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();
}
